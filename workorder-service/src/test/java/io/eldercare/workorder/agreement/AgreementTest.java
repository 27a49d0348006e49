package io.eldercare.workorder.agreement;


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

/** Monthly service agreements (黄陂 六(二)2). */
@ServiceTest
class AgreementTest extends WorkorderTest {

    /** The provider agrees with the elder on a haircut every day of this month; the agreement's answer. */
    private ResponseEntity<Map<String, Object>> everyDayThisMonth(UUID elder) {
        return post("/agreements", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT",
                "quantity", 1, "weekdays", List.of(1, 2, 3, 4, 5, 6, 7), "month",
                java.time.YearMonth.now(clock).toString()), PROVIDER_ADMIN);
    }

    /** How many of today and the next two days are in this month: the orders an agreement places ahead. */
    private long dueAhead() {
        LocalDate today = LocalDate.now(clock);
        java.time.YearMonth month = java.time.YearMonth.from(today);
        return today.datesUntil(today.plusDays(3)).filter(d -> java.time.YearMonth.from(d).equals(month)).count();
    }

    @Test
    void anAgreementForAPastMonthIsRefused() {
        UUID elder = approvedElder();
        java.time.YearMonth month = java.time.YearMonth.from(LocalDate.now(clock));

        assertThat(post("/agreements", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT",
                "quantity", 1, "weekdays", List.of(1, 2, 3, 4, 5, 6, 7), "month", month.minusMonths(1).toString()),
                OPERATOR).getBody()).containsEntry("type", "https://eldercare.io/problems/agreement-in-the-past");
    }

    @Test
    void anAgreementWithAProviderNotContractedForTheItemIsRefused() {
        UUID elder = approvedElder();
        java.time.YearMonth month = java.time.YearMonth.from(LocalDate.now(clock));

        assertThat(post("/agreements", Map.of("elderId", elder, "providerId", UNCONTRACTED, "itemCode",
                "HP-HAIRCUT", "quantity", 1, "weekdays", List.of(1), "month", month.toString()), OPERATOR).getBody())
                .containsEntry("type", "https://eldercare.io/problems/provider-not-contracted");
    }

    @Test
    void theEldersSideSeesWhatTheProviderAgreed() {
        UUID elder = approvedElder();

        ResponseEntity<Map<String, Object>> agreed = everyDayThisMonth(elder);

        assertThat(agreed.getStatusCode().value()).isEqualTo(201);
        assertThat(http.get().uri("/agreements?elderId=" + elder).headers(h -> h.setBearerAuth(OPERATOR))
                .retrieve().body(new ParameterizedTypeReference<List<Map<String, Object>>>() { }))
                .as("the elder's side sees what the provider agreed").hasSize(1);
    }

    @Test
    void aMonthlyAgreementOrdersEachAgreedDayOnceAFewDaysAhead() {
        UUID elder = approvedElder();
        long due = dueAhead();

        String agreement = (String) everyDayThisMonth(elder).getBody().get("id");

        assertThat(ordersOf(elder)).as("today and the next two days of this month").isEqualTo(due);
        agreements.placeDue(2);
        agreements.placeDue(2);
        assertThat(ordersOf(elder)).as("each day once").isEqualTo(due);
        assertThat(jdbc.sql("SELECT DISTINCT channel || ':' || agreement_id FROM work_order WHERE elder_id = ?")
                .param(elder).query(String.class).list()).containsExactly("AGREEMENT:" + agreement);
    }

    @Test
    void anOrderCannotBePlacedOnTheAgreementChannelByHand() {
        UUID elder = approvedElder();

        assertThat(post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-HAIRCUT",
                "quantity", 1, "channel", "AGREEMENT")).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void endingAnAgreementCancelsWhatHasNotBegunOnceTheWalletHasAnsweredForIt() {
        UUID elder = approvedElder();
        long due = dueAhead();
        String agreement = (String) everyDayThisMonth(elder).getBody().get("id");

        // one day's order still awaits the wallet's answer when the agreement ends: it is left until the answer
        UUID awaiting = jdbc.sql("SELECT id FROM work_order WHERE elder_id = ? ORDER BY service_date DESC LIMIT 1")
                .param(elder).query(UUID.class).single();
        jdbc.sql("UPDATE work_order SET funding = 'PENDING' WHERE id = ?").param(awaiting).update();
        assertThat(post("/agreements/" + agreement + "/end", Map.of("reason", "moved to her daughter's"),
                OPERATOR).getBody()).containsEntry("status", "ENDED");
        assertThat(jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ? AND status = 'CANCELLED'")
                .param(elder).query(Long.class).single()).isEqualTo(due - 1);
        jdbc.sql("UPDATE work_order SET funding = 'HELD' WHERE id = ?").param(awaiting).update();
        agreements.placeDue(2);
        assertThat(jdbc.sql("SELECT status || ': ' || cancel_reason FROM work_order WHERE id = ?").param(awaiting)
                .query(String.class).single()).as("cancelled once the wallet has answered")
                .isEqualTo("CANCELLED: the service agreement ended");
        assertThat(jdbc.sql("SELECT count(*) FROM work_order WHERE elder_id = ? AND status = 'CANCELLED'")
                .param(elder).query(Long.class).single()).isEqualTo(due);
    }

    @Test
    void anAgreementIsEndedOnce() {
        String agreement = (String) everyDayThisMonth(approvedElder()).getBody().get("id");
        post("/agreements/" + agreement + "/end", Map.of("reason", "moved to her daughter's"), OPERATOR);

        assertThat(post("/agreements/" + agreement + "/end", Map.of("reason", "again"), OPERATOR).getStatusCode()
                .value()).isEqualTo(409);
    }
}
