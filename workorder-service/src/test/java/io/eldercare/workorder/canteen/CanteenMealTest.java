package io.eldercare.workorder.canteen;


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

/** 集中就餐: a canteen terminal's face match orders, holds and completes the meal in one step. */
@ServiceTest
class CanteenMealTest extends WorkorderTest {

    /** A canteen's key, the canteen's terminal (of the test provider) and a kiosk registered with the same key. */
    private record Canteen(java.security.KeyPair key, UUID terminal, UUID kiosk) {
    }

    private Canteen canteen() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair canteen = generator.generateKeyPair();
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        String key = java.util.Base64.getEncoder().encodeToString(canteen.getPublic().getEncoded());
        UUID terminal = UUID.fromString((String) post("/terminals", Map.of("name", "前川幸福食堂", "publicKey", key,
                "providerId", PROVIDER), admin).getBody().get("id"));
        UUID kiosk = UUID.fromString((String) post("/terminals", Map.of("name", "社区服务站", "publicKey", key),
                admin).getBody().get("id"));
        return new Canteen(canteen, terminal, kiosk);
    }

    /** What the terminal relays for the elder's face, matched with {@code score}, as a new meal. */
    private static Map<String, Object> meal(java.security.KeyPair key, UUID terminal, UUID elder, String score)
            throws Exception {
        String meal = UUID.randomUUID().toString();
        Map<String, Object> lunch = new java.util.HashMap<>(assertion(key, terminal, meal, elder, score,
                Instant.now()));
        lunch.put("orderId", meal);
        return lunch;
    }

    @Test
    void aCanteenTerminalsFaceMatchOrdersHoldsAndCompletesTheDineInMealInOneStep() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();
        Map<String, Object> lunch = meal(canteen.key(), canteen.terminal(), elder, "0.91");
        String meal = (String) lunch.get("orderId");

        ResponseEntity<Map<String, Object>> served = post("/orders/canteen-meals", lunch, PROVIDER_ADMIN);

        assertThat(served.getStatusCode().value()).isEqualTo(201);
        assertThat(served.getBody()).containsEntry("id", meal).containsEntry("itemCode", "HP-MEAL-DINE-IN")
                .containsEntry("status", "COMPLETED").containsEntry("verification", "FACE")
                .containsEntry("amountFen", 1000);
        assertThat(jdbc.sql("SELECT dispatchable FROM work_order WHERE id = ?").param(UUID.fromString(meal))
                .query(Boolean.class).single()).as("never offered to a caregiver").isFalse();
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(meal)).map(e -> e.type()).toList()
                .equals(List.of("WorkOrderCreated", "VisitConfirmed", "WorkOrderCompleted")));
    }

    @Test
    void aReplayedCanteenAssertionServesNothing() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();
        Map<String, Object> lunch = meal(canteen.key(), canteen.terminal(), elder, "0.91");
        post("/orders/canteen-meals", lunch, PROVIDER_ADMIN);

        assertThat(post("/orders/canteen-meals", lunch, PROVIDER_ADMIN).getBody())
                .containsEntry("type", "https://eldercare.io/problems/assertion-replayed");
        assertThat(ordersOf(elder)).as("one meal, nothing else stored").isEqualTo(1);
    }

    @Test
    void aFaceTheCanteenDidNotMatchServesNothing() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();

        assertThat(post("/orders/canteen-meals", meal(canteen.key(), canteen.terminal(), elder, "0.42"),
                PROVIDER_ADMIN).getBody()).containsEntry("type", "https://eldercare.io/problems/face-not-matched");
        assertThat(ordersOf(elder)).as("nothing stored").isZero();
    }

    @Test
    void aKioskThatIsNoCanteensServesNoMeal() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();

        assertThat(post("/orders/canteen-meals", meal(canteen.key(), canteen.kiosk(), elder, "0.95"), PROVIDER_ADMIN)
                .getStatusCode().value()).as("a kiosk that is no canteen's").isEqualTo(404);
        assertThat(ordersOf(elder)).as("nothing stored").isZero();
    }

    @Test
    void anotherProviderServesNoMealAtTheCanteen() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();
        Map<String, Object> lunch = meal(canteen.key(), canteen.terminal(), elder, "0.91");
        post("/orders/canteen-meals", lunch, PROVIDER_ADMIN);
        String otherProvider = TestAuthority.get().token("p3", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID(), "region", "HUANGPI"));

        assertThat(post("/orders/canteen-meals", lunch, otherProvider).getStatusCode().value()).isEqualTo(404);
        assertThat(post("/orders/canteen-meals", meal(canteen.key(), canteen.terminal(), elder, "0.91"),
                otherProvider).getStatusCode().value()).as("a new meal too").isEqualTo(404);
        assertThat(ordersOf(elder)).as("one meal, nothing else stored").isEqualTo(1);
    }

    @Test
    void aCanteensTerminalNeverConfirmsAHomeVisit() throws Exception {
        Canteen canteen = canteen();
        UUID elder = approvedElder();
        String visit = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(visit);

        assertThat(confirm(visit, assertion(canteen.key(), canteen.terminal(), visit, elder, "0.97", Instant.now()),
                caregiver).getBody()).as("the canteen's provider holds its key: it never confirms a home visit")
                .containsEntry("type", "https://eldercare.io/problems/unknown-terminal");
        assertThat(get("/orders/" + visit, OPERATOR).getBody()).containsEntry("status", "CHECKED_OUT");
    }
}
