package io.eldercare.auth;

import io.eldercare.ratelimit.TokenBuckets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Password guessing is slowed at the door: {@code POST /login} per client address and username, {@code POST
 * /oauth2/token} per client address and client id, each a token bucket ({@code eldercare.auth.throttle.*}); over it,
 * 429 with Retry-After before any password is checked. The buckets live in a bounded cache, so a flood of new
 * addresses or names costs bounded memory. The address is the request's remote address: behind a load balancer,
 * let Tomcat take it from X-Forwarded-For ({@code server.forward-headers-strategy=native} with
 * {@code server.tomcat.remoteip.internal-proxies} naming only the balancers), or every caller is the balancer.
 */
@Component
class SignInThrottle extends OncePerRequestFilter implements Ordered {

    private final TokenBuckets.Rate loginRate;
    private final TokenBuckets.Rate tokenRate;
    private final TokenBuckets buckets;

    SignInThrottle(AuthProperties properties) {
        AuthProperties.Throttle throttle = properties.throttle();
        this.loginRate = perMinute(throttle.loginPerMinute());
        this.tokenRate = perMinute(throttle.tokenPerMinute());
        // a bucket refills within a minute: the buckets keep each at least that long
        this.buckets = new TokenBuckets(throttle.maxKeys(), throttle.forgetAfter(), loginRate, tokenRate);
    }

    /** All at once, then evenly over the minute. */
    private static TokenBuckets.Rate perMinute(int perMinute) {
        double capacity = Math.max(1, perMinute);
        return new TokenBuckets.Rate(capacity / 60.0, capacity);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        // token requests are throttled when they carry a secret to guess; the web client's (public, PKCE) carry a
        // one-time code or a refresh token too long to guess, and everyone behind one office's address shares them
        return !(path.equals("/login") || path.equals("/oauth2/token") && carriesSecret(request));
    }

    private static boolean carriesSecret(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || request.getParameter("client_secret") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean login = request.getRequestURI().endsWith("/login");
        String name = login ? request.getParameter("username") : clientId(request);
        String key = (login ? "login|" : "token|") + request.getRemoteAddr() + "|"
                + (name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        long waitSeconds = buckets.take(key, login ? loginRate : tokenRate);
        if (waitSeconds == 0) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"https://eldercare.io/problems/rate-limited\","
                + "\"title\":\"Too many attempts\",\"status\":429,\"detail\":\"Too many attempts from this address;"
                + " try again in " + waitSeconds + " seconds.\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The client a token request names: HTTP Basic's user, or the {@code client_id} parameter. */
    private static String clientId(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? credentials : credentials.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return "?";
            }
        }
        return request.getParameter("client_id");
    }

    /** How many address-and-name buckets are held, after pending evictions. */
    long trackedKeys() {
        return buckets.trackedKeys();
    }

    /** Before Spring Security (-100), so that a refused attempt never reaches the password check. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
