package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The calls the elder-file tests make: file, approve and terminate an application, search and read a file. */
final class ElderClient {

    static final String NAME = "王秀英";
    static final String PHONE = "13907125678";
    static final String ADDRESS = "黄陂区前川街道百秀街12号1单元";

    /** An application filed: its id and the elder's. */
    record Filed(UUID application, UUID elder) {
    }

    private final RestClient http;

    ElderClient(int port) {
        // HTTP/1.1 without the h2c upgrade the JDK client tries by default: one search in ~30 hung for Tomcat's 60 s
        // connection timeout with it
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1).build()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    Filed apply(String idNumber) {
        ResponseEntity<Map<String, Object>> response = http.post().uri("/applications")
                .contentType(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(ApplicationApprovalTest.WORKER))
                .body(Map.of("policyCode", "HUANGPI-2020", "category", "HP-DIBAO", "streetCode", "HP-QIANCHUAN",
                        "communityCode", "HP-QIANCHUAN-01", "serviceStart", ApplicationApprovalTest.START.toString(),
                        "noticePostedOn", ApplicationApprovalTest.START.minusMonths(1).toString(),
                        "elder", Map.of("name", NAME, "idNumber", idNumber, "phone", PHONE, "address", ADDRESS)))
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return new Filed(UUID.fromString((String) response.getBody().get("id")),
                UUID.fromString((String) response.getBody().get("elderId")));
    }

    /** Files, approves and terminates today an application; returns it. */
    Filed servedAndTerminated(String idNumber) {
        Filed filed = apply(idNumber);
        assertThat(post("/applications/" + filed.application() + "/approve", null, ApplicationApprovalTest.REVIEWER)
                .getStatusCode().value()).isEqualTo(200);
        ResponseEntity<Map<String, Object>> terminated = post("/applications/" + filed.application() + "/terminate",
                Map.of("terminatedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(), "reason", "DECEASED"),
                ApplicationApprovalTest.REVIEWER);
        assertThat(terminated.getStatusCode().value()).as(String.valueOf(terminated.getBody())).isEqualTo(200);
        return filed;
    }

    ResponseEntity<Map<String, Object>> search(String idNumber, String token, String purpose) {
        return http.post().uri("/elders/search").contentType(MediaType.APPLICATION_JSON).headers(h -> {
            h.setBearerAuth(token);
            h.set("X-Access-Purpose", purpose);
        }).body(Map.of("idNumber", idNumber)).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    ResponseEntity<Map<String, Object>> get(String uri, String token) {
        return http.get().uri(uri).headers(h -> {
            h.setBearerAuth(token);
            h.set("X-Access-Purpose", "test");
        }).retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    ResponseEntity<Map<String, Object>> post(String uri, Object body, String token) {
        RestClient.RequestBodySpec spec = http.post().uri(uri).headers(h -> h.setBearerAuth(token));
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.retrieve().toEntity(new ParameterizedTypeReference<>() { });
    }

    static UUID elderId(Map<String, Object> body) {
        return UUID.fromString((String) body.get("id"));
    }
}
