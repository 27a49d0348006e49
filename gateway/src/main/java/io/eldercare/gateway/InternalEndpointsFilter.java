package io.eldercare.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Services' actuator and internal endpoints are for the cluster, never for the public: refused before routing.
 * The gateway's own actuator listens on the management port only.
 *
 * <p>The gateway forwards the raw path and the service decodes it, so the check runs on the path as a service would
 * read it: percent escapes decoded, matrix parameters ({@code ;...}) cut from each segment, empty and {@code .}
 * segments dropped, {@code ..} applied, case ignored. {@code /api/x/%69nternal}, {@code /api/x/a/..;/internal},
 * {@code /api/x//./actuator} are all 404. A path that a service might read differently from us (an escaped slash,
 * backslash, dot or percent, a {@code ;}, a dot segment, a control character, a bad escape) is refused with 400
 * whatever it names, so that what is forwarded is always what was checked.
 */
@Component
public class InternalEndpointsFilter implements WebFilter, Ordered {

    private static final Pattern AMBIGUOUS = Pattern.compile(
            "(?i).*(%2f|%5c|%2e|%25|%00|%0[1-9a-f]|%1[0-9a-f]|%7f|;|\\\\).*");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        String normalised = normalise(raw == null ? "" : raw);
        if (normalised == null) {
            return badPath(exchange);
        }
        if (isInternal(normalised)) {
            return ProblemResponse.write(exchange, HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "There is nothing here.");
        }
        if (AMBIGUOUS.matcher(raw).matches() || hasDotSegment(raw)) {
            return badPath(exchange);
        }
        return chain.filter(exchange);
    }

    /** {@code /api/<service>/internal[/...]} or {@code /api/<service>/actuator[/...]}, on a normalised path. */
    static boolean isInternal(String normalised) {
        String[] segments = normalised.split("/", -1);
        // "", "api", service, internal|actuator, ...
        return segments.length >= 4 && segments[1].equals("api")
                && (segments[3].equals("internal") || segments[3].equals("actuator"));
    }

    /**
     * The path as a lenient server would read it, lower-cased, or null when it cannot be read (a bad escape, or
     * {@code ..} above the root).
     */
    static String normalise(String rawPath) {
        String decoded = decode(rawPath);
        if (decoded == null) {
            return null;
        }
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : decoded.replace('\\', '/').split("/")) {
            int matrix = segment.indexOf(';');
            String name = matrix < 0 ? segment : segment.substring(0, matrix);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (kept.pollLast() == null) {
                    return null;
                }
                continue;
            }
            kept.addLast(name.toLowerCase(Locale.ROOT));
        }
        return "/" + String.join("/", kept);
    }

    /** Percent-decoding (UTF-8), applied until nothing changes, so that a double escape is read as its worst case. */
    private static String decode(String path) {
        String current = path;
        for (int round = 0; round < 4; round++) {
            String next = decodeOnce(current);
            if (next == null) {
                return null;
            }
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        return null;
    }

    private static String decodeOnce(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int codePoint = s.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static Mono<Void> badPath(ServerWebExchange exchange) {
        return ProblemResponse.write(exchange, HttpStatus.BAD_REQUEST, "bad-path", "Unusable path",
                "The path has escaped separators, dot segments or parameters the platform does not accept.");
    }

    /** Before authentication: internal paths do not exist from outside, with or without a token. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
