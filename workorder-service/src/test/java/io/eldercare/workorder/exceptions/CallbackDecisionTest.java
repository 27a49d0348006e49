package io.eldercare.workorder.exceptions;


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

/** The call centre's callback decides a witnessed visit: it stands, or it is not paid. */
@ServiceTest
class CallbackDecisionTest extends WorkorderTest {

    @Test
    void whenTheBureauLetsAWitnessedVisitStandBeforeTheCallbackTheElderSLaterDenialIsAddedToItsDecision()
            throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        assertThat(witnessed(order, checkedOutVisit(order)).getBody()).containsEntry("status", "CONFIRMED");
        Map<String, Object> exception = onlyException(order, "WITNESSED_SIGNATURE");
        assertThat(post("/visit-exceptions/" + exception.get("id") + "/resolve", Map.of("resolution",
                "VISIT_STANDS", "note", "the community worker saw the haircut"),
                TestAuthority.get().token("DISTRICT_ADMIN")).getBody()).containsEntry("status", "RESOLVED");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "COMPLETED");

        UUID denial = calledBack(order, "VISIT_DENIED");
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM inbox_event WHERE event_id = ?")
                .param(denial).query(Long.class).single() > 0);

        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "COMPLETED");
        assertThat(jdbc.sql("SELECT resolved_by || ': ' || resolution_note FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single())
                .startsWith("district_admin-")
                .contains(": the community worker saw the haircut; the elder denied the visit on the call centre's");
    }

    @Test
    void aCallbackOutcomeThisBuildDoesNotKnowIsDeadLetteredNotTakenForADenial() throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        assertThat(witnessed(order, checkedOutVisit(order)).getBody()).containsEntry("status", "CONFIRMED");

        calledBack(order, "COMPLAINT");

        await().atMost(PATIENCE).until(() -> EventProbe.readAllRaw(
                "eldercare.feedback.events.workorder-service.dlt", Duration.ofSeconds(1)).stream()
                .anyMatch(r -> r.value().contains(order)));
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CONFIRMED");
        assertThat(onlyException(order, "WITNESSED_SIGNATURE")).containsEntry("status", "OPEN");
    }

    @Test
    void aWitnessedVisitTheElderDeniesOnTheCallbackIsNotPaidAndItsHoldIsReleased() throws Exception {
        String order = (String) place(approvedElder(), PROVIDER, 1, null).getBody().get("id");
        UUID caregiver = checkedOutVisit(order);
        assertThat(witnessed(order, caregiver).getBody()).containsEntry("status", "CONFIRMED");

        calledBack(order, "VISIT_DENIED");

        await().atMost(PATIENCE).until(() -> "CANCELLED".equals(get("/orders/" + order, OPERATOR).getBody()
                .get("status")));
        assertThat(jdbc.sql("SELECT resolution FROM visit_exception WHERE order_id = ?")
                .param(UUID.fromString(order)).query(String.class).single()).isEqualTo("VISIT_NOT_PAID");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled")
                        && e.payload().toString().contains(order)));
        assertThat(completions(order)).isZero();
    }
}
