package io.eldercare.platform.security;

import io.eldercare.platform.web.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 from the security filters as problem details, like every other error. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> write(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                "Not signed in", "A valid access token is required: " + e.getMessage());
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, HttpStatus.FORBIDDEN, "forbidden",
                "Not allowed for your role", "Your role may not do this.");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String title,
            String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getWriter().write("{\"type\":\"" + ProblemDetailsAdvice.TYPE_BASE + type + "\",\"title\":\""
                + title + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail.replace("\\", "\\\\")
                .replace("\"", "'") + "\"}");
    }
}
