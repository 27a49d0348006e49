package io.eldercare.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs a user in at an OIDC issuer the way the web and mobile clients do: authorization code with PKCE (S256),
 * through the issuer's own login form. Returns the access token (and the ID token).
 */
public final class PkceLogin {

    public static final String WEB_CLIENT = "eldercare-web";
    public static final String REDIRECT_URI = "http://127.0.0.1:8400/callback";

    private final String issuer;

    public PkceLogin(String issuer) {
        this.issuer = issuer;
    }

    /** What the token endpoint answers a sign-in with {@code scope=openid}. */
    public record Tokens(String accessToken, String idToken) {
    }

    public String accessToken(String username, String password) {
        return tokens(username, password).accessToken();
    }

    /** The access token and the ID token of a sign-in. */
    public Tokens tokens(String username, String password) {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String verifier = random();
        String state = random();
        String authorize = issuer + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id",
                WEB_CLIENT, "scope", "openid", "redirect_uri", REDIRECT_URI, "code_challenge", challenge(verifier),
                "code_challenge_method", "S256", "state", state));
        HttpResponse<String> toLogin = send(http, HttpRequest.newBuilder(URI.create(authorize)).GET());
        HttpResponse<String> loginPage = send(http, HttpRequest.newBuilder(location(toLogin)).GET());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no login form at " + location(toLogin));
        }
        HttpResponse<String> afterLogin = send(http, HttpRequest.newBuilder(URI.create(issuer + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "_csrf", csrf.group(1))))));
        URI next = location(afterLogin);
        if (next.toString().contains("error")) {
            throw new IllegalStateException("login refused for " + username);
        }
        HttpResponse<String> toClient = send(http, HttpRequest.newBuilder(next).GET());
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location(toClient).toString());
        if (!code.find()) {
            throw new IllegalStateException("no authorization code in " + location(toClient));
        }
        HttpResponse<String> token = send(http, HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", code.group(1), "redirect_uri", REDIRECT_URI, "client_id", WEB_CLIENT,
                        "code_verifier", verifier)))));
        Matcher accessToken = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        if (token.statusCode() != 200 || !accessToken.find()) {
            throw new IllegalStateException("token endpoint answered " + token.statusCode() + ": " + token.body());
        }
        Matcher idToken = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        return new Tokens(accessToken.group(1), idToken.find() ? idToken.group(1) : null);
    }

    private URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "expected a redirect from " + response.uri() + " but got " + response.statusCode()));
        return URI.create(issuer).resolve(location);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
