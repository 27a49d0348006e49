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

/** The exceptions queue: each detector, explained by the provider, resolved by the bureau, counted. */
@ServiceTest
class VisitExceptionsTest extends WorkorderTest {

    @Test
    void aPhotoSeenOnAnotherVisitHoldsTheCompletionUntilTheProviderExplainsAndTheBureauLetsTheVisitStand()
            throws Exception {
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String first = acceptedVisit(elder, caregiver);
        String second = acceptedVisit(elder, caregiver);
        byte[] doorPhoto = photo();
        atTheDoor(first, "check-in", code, HOME, doorPhoto, caregiver);
        atTheDoor(first, "check-out", null, HOME, photo(), caregiver);

        atTheDoor(second, "check-in", code, HOME, doorPhoto, caregiver);
        atTheDoor(second, "check-out", null, HOME, photo(), caregiver);
        Map<String, Object> exception = onlyException(second, "PHOTO_REUSED");
        assertThat(exception.get("detail")).asString().contains(first);

        assertThat(witnessed(second, caregiver).getBody()).as("confirmed, not paid while the exception is open")
                .containsEntry("status", "CONFIRMED");
        String admin = TestAuthority.get().token("DISTRICT_ADMIN");
        String id = (String) exception.get("id");
        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_STANDS"),
                PROVIDER_ADMIN).getStatusCode().value()).as("a provider does not decide").isEqualTo(403);
        String otherProvider = TestAuthority.get().token("p2", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID(), "region", "HUANGPI"));
        assertThat(post("/visit-exceptions/" + id + "/explain", Map.of("explanation", "x"), otherProvider)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(post("/visit-exceptions/" + id + "/explain", Map.of("explanation",
                "the phone sent the earlier photo again; the visit took place (the elder's daughter was there)"),
                PROVIDER_ADMIN).getBody()).containsEntry("status", "EXPLAINED");

        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_STANDS", "note",
                "the daughter confirmed by phone"), admin).getBody()).containsEntry("status", "RESOLVED");
        assertThat(get("/orders/" + second, OPERATOR).getBody()).as("the witnessed signature still awaits its call")
                .containsEntry("status", "CONFIRMED");
        calledBack(second, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + second, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + second, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        assertThat(post("/visit-exceptions/" + id + "/resolve", Map.of("resolution", "VISIT_NOT_PAID"), admin)
                .getStatusCode().value()).as("decided once").isEqualTo(409);
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(second)).map(e -> e.type()).toList()
                .containsAll(List.of("VisitExceptionRaised", "VisitConfirmed", "VisitExceptionResolved",
                        "WorkOrderCompleted")));
    }

    @Test
    void aVisitWhileTheElderIsRecordedInHospitalIsAnExceptionAndTheBureauRefusingItCancelsTheOrderAndItsHold()
            throws Exception {
        UUID elder = approvedElder();
        String worker = TestAuthority.get().token("worker", Map.of("role", "COMMUNITY_WORKER", "region",
                "HUANGPI", "street", "HP-QIANCHUAN", "community", "HP-QIANCHUAN-01"));
        LocalDate today = LocalDate.now(clock);
        assertThat(post("/elders/" + elder + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.toString(), "to", today.minusDays(1).toString()), worker).getStatusCode().value())
                .as("not a period").isEqualTo(422);
        assertThat(post("/elders/" + elder + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.minusDays(2).toString(), "to", today.plusDays(5).toString()), worker).getStatusCode().value())
                .isEqualTo(201);
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(order);
        String id = (String) onlyException(order, "ELDER_AWAY").get("id");

        Map<String, Object> resolved = post("/visit-exceptions/" + id + "/resolve", Map.of("resolution",
                "VISIT_NOT_PAID", "note", "the elder was in hospital"), TestAuthority.get().token("DISTRICT_ADMIN"))
                .getBody();

        assertThat(resolved).containsEntry("resolution", "VISIT_NOT_PAID");
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("status", "CANCELLED");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().anyMatch(e -> e.type().equals("WorkOrderCancelled")
                        && e.payload().toString().contains(order)));
    }

    @Test
    void aCaregiverStillCheckedInElsewhereOrTooFarFromHerLastVisitForTheTimeBetweenIsAnException()
            throws Exception {
        UUID near = approvedElder();
        UUID far = approvedElder();
        UUID third = approvedElder();
        io.eldercare.workorder.elder.Geofence.Point farHome = io.eldercare.workorder.elder.Geofence.destination(HOME,
                90, 30_000);
        homes.setHome(near, HOME);
        homes.setHome(far, farHome);
        homes.setHome(third, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String atNear = acceptedVisit(near, caregiver);
        String atThird = acceptedVisit(third, caregiver);
        String atFar = acceptedVisit(far, caregiver);

        atTheDoor(atNear, "check-in", doors.issueCode(near).orElseThrow(), HOME, photo(), caregiver);
        atTheDoor(atThird, "check-in", doors.issueCode(third).orElseThrow(), HOME, photo(), caregiver);
        assertThat(onlyException(atThird, "OVERLAPPING_VISITS").get("detail")).asString().contains(atNear);
        atTheDoor(atNear, "check-out", null, HOME, photo(), caregiver);
        atTheDoor(atThird, "check-out", null, HOME, photo(), caregiver);

        atTheDoor(atFar, "check-in", doors.issueCode(far).orElseThrow(), farHome, photo(), caregiver);
        assertThat(onlyException(atFar, "IMPOSSIBLE_TRAVEL").get("detail")).asString().contains("30.0 km");
    }

    @Test
    void aCheckOutAwayFromTheHomeAShortHourlyVisitAndAVisitNeverCheckedOutAreExceptionsCountedPerProvider()
            throws Exception {
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, "HUANGPI-2020", List.of("HP-KITCHEN", "HP-HAIRCUT"),
                LocalDate.now(clock).plusYears(1));
        String left = acceptedVisit(elder, caregiver);
        atTheDoor(left, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        ResponseEntity<Map<String, Object>> away = atTheDoor(left, "check-out", null,
                io.eldercare.workorder.elder.Geofence.destination(HOME, 0, 500), photo(), caregiver);
        assertThat(away.getBody()).as("taken: she has left").containsEntry("status", "CHECKED_OUT");
        assertThat(onlyException(left, "OUTSIDE_GEOFENCE").get("detail")).asString().contains("500 m");

        String kitchen = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-KITCHEN", "quantity", 2)).getBody().get("id");
        checkedOutVisit(kitchen, Duration.ofMinutes(20));
        assertThat(onlyException(kitchen, "DURATION_OFF_NORM").get("detail")).asString()
                .contains("20 minutes of the 120");

        String forgotten = acceptedVisit(elder, caregiver);
        atTheDoor(forgotten, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        jdbc.sql("UPDATE visit SET checked_in_at = checked_in_at - INTERVAL '5 hours' WHERE order_id = ?")
                .param(UUID.fromString(forgotten)).update();
        assertThat(decisions.raiseMissingCheckOuts()).isPositive();
        assertThat(decisions.raiseMissingCheckOuts()).as("raised once").isZero();
        onlyException(forgotten, "MISSING_CHECK_OUT");

        List<Map<String, Object>> counts = http.get().uri("/visit-exceptions/counts?month="
                + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")))
                .headers(h -> h.setBearerAuth(PROVIDER_ADMIN)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(counts).extracting(c -> c.get("reason")).contains("OUTSIDE_GEOFENCE", "DURATION_OFF_NORM",
                "MISSING_CHECK_OUT");
        assertThat(counts).allSatisfy(c -> assertThat(c).containsEntry("providerId", PROVIDER.toString()));
    }
}
