package io.eldercare.workorder.visit;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.PriceListPublished;
import io.eldercare.events.ProviderContracted;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.StubHttpServer;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.workorder.catalog.Quotes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import io.eldercare.workorder.WorkorderTest;

/** The elder's confirmation: a kiosk's face match, the passkey, a witnessed signature. */
@ServiceTest
class ConfirmationTest extends WorkorderTest {

    @Test
    void anElderConfirmsAtARegisteredKioskAndOnlyThenIsTheVisitPaidAndAReplayedOrStaleAssertionConfirmsNothing()
            throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kiosk = generator.generateKeyPair();
        java.security.KeyPair forger = generator.generateKeyPair();
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        UUID terminal = UUID.fromString((String) post("/terminals", Map.of("name", "前川社区食堂",
                "publicKey", java.util.Base64.getEncoder().encodeToString(kiosk.getPublic().getEncoded())), admin)
                .getBody().get("id"));
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = acceptedVisit(elder, caregiver);
        String unvisited = acceptedVisit(elder, caregiver);
        atTheDoor(order, "check-in", code, HOME, photo(), caregiver);
        atTheDoor(order, "check-out", null, HOME, photo(), caregiver);
        Instant now = Instant.now();

        assertThat(confirm(order, assertion(kiosk, terminal, order, elder, "0.93", now.minusSeconds(600)), caregiver)
                .getBody()).containsEntry("type", "https://eldercare.io/problems/stale-assertion");
        assertThat(confirm(order, assertion(kiosk, terminal, order, elder, "0.41", now), caregiver).getBody())
                .containsEntry("type", "https://eldercare.io/problems/face-not-matched");
        assertThat(confirm(order, assertion(forger, terminal, order, elder, "0.99", now), caregiver).getBody())
                .containsEntry("type", "https://eldercare.io/problems/bad-signature");
        assertThat(confirm(unvisited, assertion(kiosk, terminal, unvisited, elder, "0.95", now), caregiver)
                .getStatusCode().value()).as("no confirmation before the visit ended").isEqualTo(409);
        UUID jiayuguanTerminal = UUID.fromString((String) post("/terminals", Map.of("name", "雄关食堂",
                "publicKey", java.util.Base64.getEncoder().encodeToString(kiosk.getPublic().getEncoded())),
                TestAuthority.get().token("admin.jyg", Map.of("role", "DISTRICT_ADMIN", "region", "JIAYUGUAN")))
                .getBody().get("id"));
        assertThat(confirm(order, assertion(kiosk, jiayuguanTerminal, order, elder, "0.95", now), caregiver)
                .getBody()).as("another region's terminal")
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CHECKED_OUT");

        Map<String, Object> valid = assertion(kiosk, terminal, order, elder, "0.95", now);
        ResponseEntity<Map<String, Object>> confirmed = confirm(order, valid, caregiver);
        assertThat(confirmed.getBody()).containsEntry("status", "COMPLETED").containsEntry("verification", "FACE");
        ResponseEntity<Map<String, Object>> replayed = confirm(order, valid, caregiver);
        assertThat(replayed.getStatusCode().value()).isEqualTo(409);
        assertThat(replayed.getBody()).containsEntry("type", "https://eldercare.io/problems/assertion-replayed");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitConfirmed", "WorkOrderCompleted")));
    }

    @Test
    void anElderWhoCanUseNeitherFaceNorFingerprintSignsWitnessedByTheCaregiverWhoMadeTheVisitAndNobodyElse()
            throws Exception {
        UUID elder = approvedElder();
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String early = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        UUID other = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + early + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);

        assertThat(post("/orders/" + order + "/complete", Map.of("verification", "FACE"), PROVIDER_ADMIN)
                .getStatusCode().value()).as("a self-declared completion is gone").isIn(404, 405);
        assertThat(witnessed(order, other).getStatusCode().value()).as("another caregiver").isEqualTo(404);
        assertThat(witnessed(early, caregiver).getStatusCode().value()).as("before the visit").isEqualTo(409);
        org.springframework.util.LinkedMultiValueMap<String, Object> notAnImage =
                new org.springframework.util.LinkedMultiValueMap<>();
        notAnImage.add("reason", "cannot hold the phone");
        notAnImage.add("signature", new org.springframework.core.io.ByteArrayResource("scribble".getBytes()) {
            @Override
            public String getFilename() {
                return "signature.png";
            }
        });
        assertThat(http.post().uri("/orders/" + order + "/confirm/witnessed")
                .contentType(MediaType.MULTIPART_FORM_DATA).headers(h -> h.setBearerAuth(caregiverToken(caregiver)))
                .body(notAnImage).retrieve().toEntity(new ParameterizedTypeReference<Map<String, Object>>() { })
                .getBody()).containsEntry("type", "https://eldercare.io/problems/photo-not-an-image");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CHECKED_OUT");

        assertThat(witnessed(order, caregiver).getBody()).as("confirmed, not paid before the callback")
                .containsEntry("status", "CONFIRMED");
        assertThat(onlyException(order, "WITNESSED_SIGNATURE")).containsEntry("status", "OPEN");
        assertThat(jdbc.sql("SELECT confirmation_method || ':' || length(confirmation_signature) || ':'"
                + " || confirmation_note FROM visit WHERE order_id = ?").param(UUID.fromString(order))
                .query(String.class).single())
                .isEqualTo("WITNESSED_SIGNATURE:64:fingers too weak for the reader; no kiosk in the village");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.type().equals("VisitConfirmed") && e.payload().toString().contains(order))
                .anyMatch(e -> e.payload().toString().contains("WITNESSED_SIGNATURE")));
        assertThat(completions(order)).as("nothing is paid before the elder is called back").isZero();

        calledBack(order, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        assertThat(jdbc.sql("SELECT resolution || ' by ' || resolved_by FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single())
                .isEqualTo("VISIT_STANDS by call-centre callback");
        UUID later = calledBack(order, "VISIT_DENIED");
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(later).query(Long.class).single() > 0);
        assertThat(get("/orders/" + order, OPERATOR).getBody()).as("a later word changes nothing paid")
                .containsEntry("status", "COMPLETED");
        assertThat(completions(order)).isOne();
    }

    @Test
    void anElderRegistersAPasskeyAndConfirmsWithFingerprintOrFaceAndAnUnverifiedForeignStaleOrReplayedAnswerConfirmsNothing()
            throws Exception {
        UUID elder = approvedElder();
        String family = TestAuthority.get().token("family-" + elder, Map.of("role", "FAMILY", "elder", elder,
                "region", "HUANGPI"));
        String stranger = TestAuthority.get().token("family-other", Map.of("role", "FAMILY", "elder",
                UUID.randomUUID(), "region", "HUANGPI"));
        io.eldercare.workorder.visit.SoftwareAuthenticator phone =
                new io.eldercare.workorder.visit.SoftwareAuthenticator("localhost", "http://localhost:5173");
        io.eldercare.workorder.visit.SoftwareAuthenticator strangersPhone =
                new io.eldercare.workorder.visit.SoftwareAuthenticator("localhost", "http://localhost:5173");
        assertThat(post("/elders/" + elder + "/passkeys/options", Map.of(), stranger).getStatusCode().value())
                .isEqualTo(404);
        String registration = (String) post("/elders/" + elder + "/passkeys/options", Map.of(), family).getBody()
                .get("challenge");
        Map<String, Object> created = new java.util.HashMap<>(phone.create(registration));
        created.put("label", "女儿的手机");
        assertThat(post("/elders/" + elder + "/passkeys", created, family).getStatusCode().value()).isEqualTo(201);
        assertThat(post("/elders/" + elder + "/passkeys", created, family).getBody())
                .as("a registration challenge is used once")
                .containsEntry("type", "https://eldercare.io/problems/challenge-used");
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        String other = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        checkedOutVisit(other);
        assertThat(witnessed(order, caregiver).getBody()).as("an elder with a passkey confirms with it")
                .containsEntry("type", "https://eldercare.io/problems/use-the-passkey");

        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.userVerified(false).get(
                challenge(order, family)), family).getBody()).as("present, not verified")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        phone.userVerified(true);
        assertThat(post("/orders/" + order + "/confirm/webauthn", strangersPhone.get(challenge(order, family)),
                family).getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-passkey");
        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.origin("https://phishing.example")
                .get(challenge(order, family)), family).getBody()).as("signed for another site")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        phone.origin("http://localhost:5173");
        String stale = challenge(order, family);
        jdbc.sql("UPDATE webauthn_challenge SET issued_at = issued_at - INTERVAL '6 minutes' WHERE challenge = ?")
                .param(stale).update();
        assertThat(post("/orders/" + order + "/confirm/webauthn", phone.get(stale), family).getBody())
                .containsEntry("type", "https://eldercare.io/problems/challenge-expired");
        Map<String, String> forOther = phone.get(challenge(other, family));
        assertThat(post("/orders/" + order + "/confirm/webauthn", forOther, family).getBody())
                .as("another visit's challenge").containsEntry("type", "https://eldercare.io/problems/unknown-challenge");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CHECKED_OUT");

        Map<String, String> answer = phone.get(challenge(order, caregiverToken(caregiver)));
        assertThat(post("/orders/" + order + "/confirm/webauthn", answer, family).getBody())
                .containsEntry("status", "COMPLETED").containsEntry("verification", "WEBAUTHN");
        assertThat(post("/orders/" + order + "/confirm/webauthn", answer, family).getStatusCode().value())
                .as("replayed").isEqualTo(409);
        assertThat(post("/orders/" + other + "/confirm/webauthn/options", Map.of(), stranger).getStatusCode()
                .value()).isEqualTo(404);
    }
}
