package io.eldercare.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private final double loginPerSecond;
    private final double loginCapacity;
    private final double tokenPerSecond;
    private final double tokenCapacity;
    private final Cache<String, Bucket> buckets;

    SignInThrottle(AuthProperties properties) {
        AuthProperties.Throttle throttle = properties.throttle();
        this.loginCapacity = Math.max(1, throttle.loginPerMinute());
        this.loginPerSecond = loginCapacity / 60.0;
        this.tokenCapacity = Math.max(1, throttle.tokenPerMinute());
        this.tokenPerSecond = tokenCapacity / 60.0;
        // a bucket refills within a minute: forgetting it sooner would hand out a free refill
        Duration forgetAfter = throttle.forgetAfter().compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
                : throttle.forgetAfter();
        this.buckets = Caffeine.newBuilder().maximumSize(throttle.maxKeys()).expireAfterAccess(forgetAfter).build();
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
        double perSecond = login ? loginPerSecond : tokenPerSecond;
        double capacity = login ? loginCapacity : tokenCapacity;
        long waitSeconds = buckets.get(key, k -> new Bucket(capacity)).take(perSecond, capacity);
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
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** Before Spring Security (-100), so that a refused attempt never reaches the password check. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    private static final class Bucket {
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double capacity) {
            this.tokens = capacity;
        }

        /** 0 when a token was taken, else the whole seconds until one is there. */
        synchronized long take(double perSecond, double capacity) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
