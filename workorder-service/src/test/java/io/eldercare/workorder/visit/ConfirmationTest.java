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

    /** A kiosk's key and the terminal the district registered it as. */
    private record Kiosk(java.security.KeyPair key, UUID terminal) {
    }

    /** A visit checked out at the elder's door, waiting for the elder's confirmation. */
    private record Visited(UUID elder, String order, UUID caregiver) {
    }

    private static java.security.KeyPair keyPair() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private UUID terminal(String name, java.security.KeyPair key, String admin) {
        return UUID.fromString((String) post("/terminals", Map.of("name", name,
                "publicKey", java.util.Base64.getEncoder().encodeToString(key.getPublic().getEncoded())), admin)
                .getBody().get("id"));
    }

    /** A kiosk registered by Huangpi's district. */
    private Kiosk kiosk() throws Exception {
        java.security.KeyPair key = keyPair();
        return new Kiosk(key, terminal("前川社区食堂", key, TestAuthority.get().token("DISTRICT_ADMIN")));
    }

    /** N-L1: a kiosk's key the bureau revoked (a stolen terminal) confirms no visit. */
    @Test
    void aTerminalTheBureauRevokedConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();

        assertThat(delete("/terminals/" + kiosk.terminal(), TestAuthority.get().token("DISTRICT_ADMIN"))
                .getStatusCode().value()).isEqualTo(204);
        assertThat(confirm(visit.order(), assertion(kiosk.key(), kiosk.terminal(), visit.order(), visit.elder(),
                "0.95", Instant.now()), visit.caregiver()).getBody())
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        confirmsNothing(visit.order());
        assertThat(delete("/terminals/" + kiosk.terminal(), TestAuthority.get().token("DISTRICT_ADMIN"))
                .getBody()).as("revoked once").containsEntry("type", "https://eldercare.io/problems/terminal-revoked");
    }

    @Test
    void anotherRegionsBureauCannotRevokeATerminal() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();
        String jiayuguan = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));

        assertThat(delete("/terminals/" + kiosk.terminal(), jiayuguan).getStatusCode().value()).isEqualTo(404);
        assertThat(delete("/terminals/" + kiosk.terminal(), PROVIDER_ADMIN).getStatusCode().value())
                .as("a provider never revokes").isEqualTo(403);
        assertThat(confirm(visit.order(), assertion(kiosk.key(), kiosk.terminal(), visit.order(), visit.elder(),
                "0.95", Instant.now()), visit.caregiver()).getBody()).as("still the bureau's working kiosk")
                .containsEntry("status", "COMPLETED");
    }

    private ResponseEntity<Map<String, Object>> delete(String uri, String token) {
        return http.delete().uri(uri).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    private Visited visited() throws Exception {
        UUID elder = approvedElder();
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        return new Visited(elder, order, checkedOutVisit(order));
    }

    private void confirmsNothing(String order) {
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "CHECKED_OUT");
    }

    @Test
    void aStaleKioskAssertionConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();

        assertThat(confirm(visit.order(), assertion(kiosk.key(), kiosk.terminal(), visit.order(), visit.elder(),
                "0.93", Instant.now().minusSeconds(600)), visit.caregiver()).getBody())
                .containsEntry("type", "https://eldercare.io/problems/stale-assertion");
        confirmsNothing(visit.order());
    }

    @Test
    void aKioskAssertionWhoseFaceDidNotMatchConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();

        assertThat(confirm(visit.order(), assertion(kiosk.key(), kiosk.terminal(), visit.order(), visit.elder(),
                "0.41", Instant.now()), visit.caregiver()).getBody())
                .containsEntry("type", "https://eldercare.io/problems/face-not-matched");
        confirmsNothing(visit.order());
    }

    @Test
    void aKioskAssertionSignedWithAnotherKeyConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        java.security.KeyPair forger = keyPair();
        Visited visit = visited();

        assertThat(confirm(visit.order(), assertion(forger, kiosk.terminal(), visit.order(), visit.elder(),
                "0.99", Instant.now()), visit.caregiver()).getBody())
                .containsEntry("type", "https://eldercare.io/problems/bad-signature");
        confirmsNothing(visit.order());
    }

    @Test
    void aKioskAssertionBeforeTheVisitEndedConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        UUID elder = approvedElder();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String unvisited = acceptedVisit(elder, caregiver);

        assertThat(confirm(unvisited, assertion(kiosk.key(), kiosk.terminal(), unvisited, elder, "0.95",
                Instant.now()), caregiver).getStatusCode().value()).as("no confirmation before the visit ended")
                .isEqualTo(409);
        assertThat(get("/orders/" + unvisited, PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void anotherRegionsKioskConfirmsNothing() throws Exception {
        java.security.KeyPair key = keyPair();
        UUID jiayuguanTerminal = terminal("雄关食堂", key, TestAuthority.get().token("admin.jyg",
                Map.of("role", "DISTRICT_ADMIN", "region", "JIAYUGUAN")));
        Visited visit = visited();

        assertThat(confirm(visit.order(), assertion(key, jiayuguanTerminal, visit.order(), visit.elder(), "0.95",
                Instant.now()), visit.caregiver()).getBody()).as("another region's terminal")
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        confirmsNothing(visit.order());
    }

    @Test
    void anElderConfirmingAtARegisteredKioskHasTheVisitPaid() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();
        String order = visit.order();

        ResponseEntity<Map<String, Object>> confirmed = confirm(order, assertion(kiosk.key(), kiosk.terminal(),
                order, visit.elder(), "0.95", Instant.now()), visit.caregiver());

        assertThat(confirmed.getBody()).containsEntry("status", "COMPLETED").containsEntry("verification", "FACE");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitConfirmed", "WorkOrderCompleted")));
    }

    @Test
    void aReplayedKioskAssertionConfirmsNothing() throws Exception {
        Kiosk kiosk = kiosk();
        Visited visit = visited();
        Map<String, Object> valid = assertion(kiosk.key(), kiosk.terminal(), visit.order(), visit.elder(), "0.95",
                Instant.now());
        confirm(visit.order(), valid, visit.caregiver());

        ResponseEntity<Map<String, Object>> replayed = confirm(visit.order(), valid, visit.caregiver());

        assertThat(replayed.getStatusCode().value()).isEqualTo(409);
        assertThat(replayed.getBody()).containsEntry("type", "https://eldercare.io/problems/assertion-replayed");
        assertThat(completions(visit.order())).isOne();
    }

    @Test
    void aSelfDeclaredCompletionIsGone() throws Exception {
        Visited visit = visited();

        assertThat(post("/orders/" + visit.order() + "/complete", Map.of("verification", "FACE"), PROVIDER_ADMIN)
                .getStatusCode().value()).as("a self-declared completion is gone").isEqualTo(404);
        confirmsNothing(visit.order());
    }

    @Test
    void aCaregiverWhoDidNotMakeTheVisitCannotWitnessTheEldersSignature() throws Exception {
        Visited visit = visited();
        UUID other = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));

        assertThat(witnessed(visit.order(), other).getStatusCode().value()).as("another caregiver").isEqualTo(404);
        confirmsNothing(visit.order());
    }

    @Test
    void noSignatureIsWitnessedBeforeTheVisit() throws Exception {
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String early = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        post("/orders/" + early + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);

        assertThat(witnessed(early, caregiver).getStatusCode().value()).as("before the visit").isEqualTo(409);
    }

    @Test
    void aWitnessedSignatureThatIsNotAnImageConfirmsNothing() throws Exception {
        Visited visit = visited();
        org.springframework.util.LinkedMultiValueMap<String, Object> notAnImage =
                new org.springframework.util.LinkedMultiValueMap<>();
        notAnImage.add("reason", "cannot hold the phone");
        notAnImage.add("signature", new org.springframework.core.io.ByteArrayResource("scribble".getBytes()) {
            @Override
            public String getFilename() {
                return "signature.png";
            }
        });

        assertThat(http.post().uri("/orders/" + visit.order() + "/confirm/witnessed")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .headers(h -> h.setBearerAuth(caregiverToken(visit.caregiver())))
                .body(notAnImage).retrieve().toEntity(new ParameterizedTypeReference<Map<String, Object>>() { })
                .getBody()).containsEntry("type", "https://eldercare.io/problems/photo-not-an-image");
        confirmsNothing(visit.order());
    }

    @Test
    void anElderWhoCanUseNeitherFaceNorFingerprintSignsWitnessedByTheCaregiverWhoMadeTheVisit() throws Exception {
        Visited visit = visited();
        String order = visit.order();

        assertThat(witnessed(order, visit.caregiver()).getBody()).as("confirmed, not paid before the callback")
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
    }

    @Test
    void aWitnessedVisitIsPaidOnceTheCallCentreHasTheEldersWordOnTheCallback() throws Exception {
        Visited visit = visited();
        String order = visit.order();
        assertThat(witnessed(order, visit.caregiver()).getBody()).containsEntry("status", "CONFIRMED");

        calledBack(order, "VISIT_CONFIRMED");

        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        assertThat(jdbc.sql("SELECT resolution || ' by ' || resolved_by FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single())
                .isEqualTo("VISIT_STANDS by call-centre callback");
    }

    @Test
    void aLaterWordOnTheCallbackChangesNothingPaid() throws Exception {
        Visited visit = visited();
        String order = visit.order();
        assertThat(witnessedAndCalledBack(order, visit.caregiver())).containsEntry("status", "COMPLETED");

        UUID later = calledBack(order, "VISIT_DENIED");

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(later).query(Long.class).single() > 0);
        assertThat(get("/orders/" + order, OPERATOR).getBody()).as("a later word changes nothing paid")
                .containsEntry("status", "COMPLETED");
        assertThat(completions(order)).isOne();
    }

    /** An elder whose family registered a passkey on the daughter's phone. */
    private record Passkey(UUID elder, String family, io.eldercare.workorder.visit.SoftwareAuthenticator phone) {
    }

    private static String family(UUID elder) {
        return TestAuthority.get().token("family-" + elder, Map.of("role", "FAMILY", "elder", elder,
                "region", "HUANGPI"));
    }

    private static String stranger() {
        return TestAuthority.get().token("family-other", Map.of("role", "FAMILY", "elder", UUID.randomUUID(),
                "region", "HUANGPI"));
    }

    private static io.eldercare.workorder.visit.SoftwareAuthenticator aPhone() {
        return new io.eldercare.workorder.visit.SoftwareAuthenticator("localhost", "http://localhost:5173");
    }

    private ResponseEntity<Map<String, Object>> register(UUID elder, Map<String, Object> created, String token) {
        return post("/elders/" + elder + "/passkeys", created, token);
    }

    private Map<String, Object> created(io.eldercare.workorder.visit.SoftwareAuthenticator phone, UUID elder,
            String family) throws Exception {
        String registration = (String) post("/elders/" + elder + "/passkeys/options", Map.of(), family).getBody()
                .get("challenge");
        Map<String, Object> created = new java.util.HashMap<>(phone.create(registration));
        created.put("label", "女儿的手机");
        return created;
    }

    private Passkey passkey() throws Exception {
        UUID elder = approvedElder();
        String family = family(elder);
        io.eldercare.workorder.visit.SoftwareAuthenticator phone = aPhone();
        assertThat(register(elder, created(phone, elder, family), family).getStatusCode().value()).isEqualTo(201);
        return new Passkey(elder, family, phone);
    }

    private String checkedOutFor(UUID elder) throws Exception {
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(order);
        return order;
    }

    private ResponseEntity<Map<String, Object>> confirmWithPasskey(String order, Map<String, String> answer,
            String token) {
        return post("/orders/" + order + "/confirm/webauthn", answer, token);
    }

    @Test
    void onlyTheEldersFamilyRegistersAPasskey() throws Exception {
        UUID elder = approvedElder();

        assertThat(post("/elders/" + elder + "/passkeys/options", Map.of(), stranger()).getStatusCode().value())
                .isEqualTo(404);
        assertThat(register(elder, created(aPhone(), elder, family(elder)), family(elder)).getStatusCode().value())
                .isEqualTo(201);
    }

    @Test
    void aPasskeyRegistrationChallengeIsUsedOnce() throws Exception {
        UUID elder = approvedElder();
        Map<String, Object> created = created(aPhone(), elder, family(elder));
        register(elder, created, family(elder));

        assertThat(register(elder, created, family(elder)).getBody()).as("a registration challenge is used once")
                .containsEntry("type", "https://eldercare.io/problems/challenge-used");
    }

    @Test
    void anElderWithAPasskeyConfirmsWithItNotByAWitnessedSignature() throws Exception {
        Passkey passkey = passkey();
        String order = (String) place(passkey.elder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);

        assertThat(witnessed(order, caregiver).getBody()).as("an elder with a passkey confirms with it")
                .containsEntry("type", "https://eldercare.io/problems/use-the-passkey");
        confirmsNothing(order);
    }

    @Test
    void aPasskeyAnswerWithoutUserVerificationConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());

        assertThat(confirmWithPasskey(order, passkey.phone().userVerified(false).get(challenge(order,
                passkey.family())), passkey.family()).getBody()).as("present, not verified")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        confirmsNothing(order);
    }

    /** N-L3: a refused answer does not say which check failed (no verifier's exception named to a forger). */
    @Test
    void aRefusedPasskeyAnswerNamesNoLibraryFailure() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());

        assertThat((String) confirmWithPasskey(order, passkey.phone().userVerified(false).get(challenge(order,
                passkey.family())), passkey.family()).getBody().get("detail")).doesNotContain("Exception")
                .doesNotContain("(");
    }

    @Test
    void anUnknownPasskeyConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());

        assertThat(confirmWithPasskey(order, aPhone().get(challenge(order, passkey.family())), passkey.family())
                .getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-passkey");
        confirmsNothing(order);
    }

    @Test
    void aPasskeyAnswerSignedForAnotherSiteConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());

        assertThat(confirmWithPasskey(order, passkey.phone().origin("https://phishing.example")
                .get(challenge(order, passkey.family())), passkey.family()).getBody()).as("signed for another site")
                .containsEntry("type", "https://eldercare.io/problems/passkey-not-verified");
        confirmsNothing(order);
    }

    @Test
    void aStalePasskeyChallengeConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());
        String stale = challenge(order, passkey.family());
        jdbc.sql("UPDATE webauthn_challenge SET issued_at = issued_at - INTERVAL '6 minutes' WHERE challenge = ?")
                .param(stale).update();

        assertThat(confirmWithPasskey(order, passkey.phone().get(stale), passkey.family()).getBody())
                .containsEntry("type", "https://eldercare.io/problems/challenge-expired");
        confirmsNothing(order);
    }

    @Test
    void anotherVisitsPasskeyChallengeConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());
        String other = checkedOutFor(passkey.elder());
        Map<String, String> forOther = passkey.phone().get(challenge(other, passkey.family()));

        assertThat(confirmWithPasskey(order, forOther, passkey.family()).getBody())
                .as("another visit's challenge").containsEntry("type", "https://eldercare.io/problems/unknown-challenge");
        confirmsNothing(order);
    }

    @Test
    void anElderConfirmsAVisitWithTheirPasskey() throws Exception {
        Passkey passkey = passkey();
        String order = (String) place(passkey.elder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);

        Map<String, String> answer = passkey.phone().get(challenge(order, caregiverToken(caregiver)));

        assertThat(confirmWithPasskey(order, answer, passkey.family()).getBody())
                .containsEntry("status", "COMPLETED").containsEntry("verification", "WEBAUTHN");
    }

    @Test
    void aReplayedPasskeyAnswerConfirmsNothing() throws Exception {
        Passkey passkey = passkey();
        String order = (String) place(passkey.elder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        Map<String, String> answer = passkey.phone().get(challenge(order, caregiverToken(caregiver)));
        confirmWithPasskey(order, answer, passkey.family());

        assertThat(confirmWithPasskey(order, answer, passkey.family()).getStatusCode().value())
                .as("replayed").isEqualTo(409);
        assertThat(completions(order)).isOne();
    }

    @Test
    void aStrangerGetsNoPasskeyChallengeForAnEldersVisit() throws Exception {
        Passkey passkey = passkey();
        String order = checkedOutFor(passkey.elder());

        assertThat(post("/orders/" + order + "/confirm/webauthn/options", Map.of(), stranger()).getStatusCode()
                .value()).isEqualTo(404);
    }
}
