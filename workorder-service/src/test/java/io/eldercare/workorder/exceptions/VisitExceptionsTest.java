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

    /** Two visits to one elder whose check-ins sent the same door photo: the second one's exception. */
    private record ReusedPhoto(String first, String second, UUID caregiver, Map<String, Object> exception) {

        String id() {
            return (String) exception.get("id");
        }
    }

    private ReusedPhoto reusedPhoto() throws Exception {
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
        return new ReusedPhoto(first, second, caregiver, onlyException(second, "PHOTO_REUSED"));
    }

    private static final String DISTRICT_ADMIN = TestAuthority.get().token("DISTRICT_ADMIN");

    private void explained(ReusedPhoto visit) {
        assertThat(post("/visit-exceptions/" + visit.id() + "/explain", Map.of("explanation",
                "the phone sent the earlier photo again; the visit took place (the elder's daughter was there)"),
                PROVIDER_ADMIN).getBody()).containsEntry("status", "EXPLAINED");
    }

    private void standing(ReusedPhoto visit) {
        assertThat(post("/visit-exceptions/" + visit.id() + "/resolve", Map.of("resolution", "VISIT_STANDS", "note",
                "the daughter confirmed by phone"), DISTRICT_ADMIN).getBody()).containsEntry("status", "RESOLVED");
    }

    @Test
    void aPhotoSeenOnAnotherVisitHoldsTheCompletion() throws Exception {
        ReusedPhoto visit = reusedPhoto();

        assertThat(visit.exception().get("detail")).asString().contains(visit.first());
        assertThat(witnessed(visit.second(), visit.caregiver()).getBody())
                .as("confirmed, not paid while the exception is open").containsEntry("status", "CONFIRMED");
    }

    @Test
    void aProviderDoesNotDecideAVisitsException() throws Exception {
        ReusedPhoto visit = reusedPhoto();

        assertThat(post("/visit-exceptions/" + visit.id() + "/resolve", Map.of("resolution", "VISIT_STANDS"),
                PROVIDER_ADMIN).getStatusCode().value()).as("a provider does not decide").isEqualTo(403);
    }

    @Test
    void onlyTheVisitsProviderExplainsItsException() throws Exception {
        ReusedPhoto visit = reusedPhoto();
        String otherProvider = TestAuthority.get().token("p2", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID(), "region", "HUANGPI"));

        assertThat(post("/visit-exceptions/" + visit.id() + "/explain", Map.of("explanation", "x"), otherProvider)
                .getStatusCode().value()).isEqualTo(404);
        explained(visit);
    }

    @Test
    void aVisitTheBureauLetsStandAfterTheProviderExplainedIsPaidOnceTheElderConfirms() throws Exception {
        ReusedPhoto visit = reusedPhoto();
        String second = visit.second();
        witnessed(second, visit.caregiver());
        explained(visit);

        standing(visit);

        assertThat(get("/orders/" + second, OPERATOR).getBody()).as("the witnessed signature still awaits its call")
                .containsEntry("status", "CONFIRMED");
        calledBack(second, "VISIT_CONFIRMED");
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(get("/orders/" + second, OPERATOR).getBody()
                .get("status")));
        assertThat(get("/orders/" + second, OPERATOR).getBody()).containsEntry("verification", "SIGNED_RECORD");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(second)).map(e -> e.type()).toList()
                .containsAll(List.of("VisitExceptionRaised", "VisitConfirmed", "VisitExceptionResolved",
                        "WorkOrderCompleted")));
    }

    @Test
    void aVisitsExceptionIsDecidedOnce() throws Exception {
        ReusedPhoto visit = reusedPhoto();
        explained(visit);
        standing(visit);

        assertThat(post("/visit-exceptions/" + visit.id() + "/resolve", Map.of("resolution", "VISIT_NOT_PAID"),
                DISTRICT_ADMIN).getStatusCode().value()).as("decided once").isEqualTo(409);
    }

    private static final String WORKER = TestAuthority.get().token("worker", Map.of("role", "COMMUNITY_WORKER",
            "region", "HUANGPI", "street", "HP-QIANCHUAN", "community", "HP-QIANCHUAN-01"));

    /** The community worker records the elder in hospital from two days ago to five days ahead. */
    private void inHospital(UUID elder) {
        LocalDate today = LocalDate.now(clock);
        assertThat(post("/elders/" + elder + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.minusDays(2).toString(), "to", today.plusDays(5).toString()), WORKER).getStatusCode().value())
                .isEqualTo(201);
    }

    @Test
    void anAbsenceEndingBeforeItBeginsIsRefused() {
        LocalDate today = LocalDate.now(clock);

        assertThat(post("/elders/" + approvedElder() + "/absences", Map.of("kind", "HOSPITALISED", "from",
                today.toString(), "to", today.minusDays(1).toString()), WORKER).getStatusCode().value())
                .as("not a period").isEqualTo(422);
    }

    @Test
    void aVisitWhileTheElderIsRecordedInHospitalIsAnException() throws Exception {
        UUID elder = approvedElder();
        inHospital(elder);
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");

        checkedOutVisit(order);

        onlyException(order, "ELDER_AWAY");
    }

    @Test
    void theBureauRefusingAVisitCancelsTheOrderAndItsHold() throws Exception {
        UUID elder = approvedElder();
        inHospital(elder);
        String order = (String) place(elder, PROVIDER, 1, null).getBody().get("id");
        checkedOutVisit(order);
        String id = (String) onlyException(order, "ELDER_AWAY").get("id");

        Map<String, Object> resolved = post("/visit-exceptions/" + id + "/resolve", Map.of("resolution",
                "VISIT_NOT_PAID", "note", "the elder was in hospital"), DISTRICT_ADMIN).getBody();

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

    /** A caregiver of the provider for haircuts and kitchen help, the elder's home recorded. */
    private UUID caregiverFor(UUID elder) {
        homes.setHome(elder, HOME);
        return qualifiedCaregiver(PROVIDER, "HUANGPI-2020", List.of("HP-KITCHEN", "HP-HAIRCUT"),
                LocalDate.now(clock).plusYears(1));
    }

    private String checkedOutAwayFromTheHome(UUID elder, UUID caregiver) throws Exception {
        String left = acceptedVisit(elder, caregiver);
        atTheDoor(left, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        ResponseEntity<Map<String, Object>> away = atTheDoor(left, "check-out", null,
                io.eldercare.workorder.elder.Geofence.destination(HOME, 0, 500), photo(), caregiver);
        assertThat(away.getBody()).as("taken: she has left").containsEntry("status", "CHECKED_OUT");
        return left;
    }

    /** Two hours of kitchen help ordered, checked out after twenty minutes. */
    private String shortKitchenVisit(UUID elder) throws Exception {
        String kitchen = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-KITCHEN", "quantity", 2)).getBody().get("id");
        checkedOutVisit(kitchen, Duration.ofMinutes(20));
        return kitchen;
    }

    /** A visit checked in five hours ago and never checked out. */
    private String forgottenCheckOut(UUID elder, UUID caregiver) throws Exception {
        String forgotten = acceptedVisit(elder, caregiver);
        atTheDoor(forgotten, "check-in", doors.issueCode(elder).orElseThrow(), HOME, photo(), caregiver);
        jdbc.sql("UPDATE visit SET checked_in_at = checked_in_at - INTERVAL '5 hours' WHERE order_id = ?")
                .param(UUID.fromString(forgotten)).update();
        return forgotten;
    }

    @Test
    void aCheckOutAwayFromTheHomeIsTakenAsAnException() throws Exception {
        UUID elder = approvedElder();

        String left = checkedOutAwayFromTheHome(elder, caregiverFor(elder));

        assertThat(onlyException(left, "OUTSIDE_GEOFENCE").get("detail")).asString().contains("500 m");
    }

    @Test
    void aShortHourlyVisitIsAnException() throws Exception {
        UUID elder = approvedElder();
        caregiverFor(elder);

        String kitchen = shortKitchenVisit(elder);

        assertThat(onlyException(kitchen, "DURATION_OFF_NORM").get("detail")).asString()
                .contains("20 minutes of the 120");
    }

    @Test
    void aVisitNeverCheckedOutIsAnExceptionRaisedOnce() throws Exception {
        UUID elder = approvedElder();
        String forgotten = forgottenCheckOut(elder, caregiverFor(elder));

        assertThat(decisions.raiseMissingCheckOuts()).isPositive();
        assertThat(decisions.raiseMissingCheckOuts()).as("raised once").isZero();
        onlyException(forgotten, "MISSING_CHECK_OUT");
    }

    @Test
    void aProvidersVisitExceptionsAreCountedByReasonForTheMonth() throws Exception {
        UUID elder = approvedElder();
        UUID caregiver = caregiverFor(elder);
        checkedOutAwayFromTheHome(elder, caregiver);
        shortKitchenVisit(elder);
        forgottenCheckOut(elder, caregiver);
        decisions.raiseMissingCheckOuts();

        List<Map<String, Object>> counts = http.get().uri("/visit-exceptions/counts?month="
                + java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")))
                .headers(h -> h.setBearerAuth(PROVIDER_ADMIN)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(counts).extracting(c -> c.get("reason")).contains("OUTSIDE_GEOFENCE", "DURATION_OFF_NORM",
                "MISSING_CHECK_OUT");
        assertThat(counts).allSatisfy(c -> assertThat(c).containsEntry("providerId", PROVIDER.toString()));
    }
}
