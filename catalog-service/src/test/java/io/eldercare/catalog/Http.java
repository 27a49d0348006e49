package io.eldercare.catalog;

import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** A JSON client for the catalog under test that returns every answer, errors included, as status and body. */
final class Http {

    private final RestClient client;

    Http(int port) {
        client = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    ResponseEntity<Map<String, Object>> get(String uri, String token) {
        return client.get().uri(uri).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    Map<String, Object> json(String uri) {
        return get(uri, null).getBody();
    }

    List<Map<String, Object>> list(String uri, String token) {
        return client.get().uri(uri).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).retrieve().body(new ParameterizedTypeReference<>() { });
    }

    ResponseEntity<Map<String, Object>> post(String uri, Object body, String token) {
        RestClient.RequestBodySpec spec = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token));
        if (body != null) {
            spec.body(body);
        }
        return spec.retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    /** Registers a qualified provider as the bureau; returns its id. */
    java.util.UUID registerProvider(String name, String bureauToken) {
        return java.util.UUID.fromString((String) post("/providers", Map.of("name", name,
                "qualifications", allEightConditions()), bureauToken).getBody().get("id"));
    }

    /** A token of the provider's own administrator. */
    static String adminOf(java.util.UUID provider) {
        return io.eldercare.testsupport.TestAuthority.get().token("provider-admin", Map.of("role", "PROVIDER_ADMIN",
                "provider", provider.toString()));
    }

    /** Evidence for all eight conditions of 五(二). */
    static List<Map<String, Object>> allEightConditions() {
        return java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(c -> Map.<String, Object>of("condition", c, "evidence", "证明材料-" + c)).toList();
    }
}
