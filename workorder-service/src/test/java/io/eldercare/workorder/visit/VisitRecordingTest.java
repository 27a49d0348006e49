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

/** The visit at the door: check-in with the door's code inside the geofence, check-out, verified minutes billed. */
@ServiceTest
class VisitRecordingTest extends WorkorderTest {

    @Test
    void aVisitIsNotBegunBeforeItsServiceDay() throws Exception {
        UUID elder = approvedElder();
        String orderId = (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode",
                "HP-HAIRCUT", "quantity", 1, "serviceDate", LocalDate.now(clock).plusDays(1).toString()))
                .getBody().get("id");
        homes.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        post("/orders/" + orderId + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + orderId + "/accept", Map.of(), caregiverToken(caregiver));

        ResponseEntity<Map<String, Object>> early = atTheDoor(orderId, "check-in", doors.issueCode(elder)
                .orElseThrow(), HOME, photo(), caregiver);

        assertThat(early.getStatusCode().value()).isEqualTo(422);
        assertThat(early.getBody()).containsEntry("type", "https://eldercare.io/problems/not-the-service-day");
        assertThat(get("/orders/" + orderId, OPERATOR).getBody()).containsEntry("status", "ACCEPTED");
    }

    /** Inside and outside the default 200 m geofence around {@link #HOME}. */
    private static final io.eldercare.workorder.elder.Geofence.Point INSIDE =
            io.eldercare.workorder.elder.Geofence.destination(HOME, 60, 199);
    private static final io.eldercare.workorder.elder.Geofence.Point OUTSIDE =
            io.eldercare.workorder.elder.Geofence.destination(HOME, 60, 201);

    /** A visit accepted by its caregiver, the elder's home recorded and its door code printed. */
    private record Accepted(UUID elder, String code, UUID caregiver, String order) {
    }

    private Accepted accepted() {
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        String code = doors.issueCode(elder).orElseThrow();
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        return new Accepted(elder, code, caregiver, acceptedVisit(elder, caregiver));
    }

    @Test
    void aCheckInOutsideTheGeofenceIsRefused() throws Exception {
        Accepted visit = accepted();

        ResponseEntity<Map<String, Object>> tooFar = atTheDoor(visit.order(), "check-in", visit.code(), OUTSIDE,
                photo(), visit.caregiver());

        assertThat(tooFar.getStatusCode().value()).isEqualTo(422);
        assertThat(tooFar.getBody()).containsEntry("type", "https://eldercare.io/problems/outside-geofence");
        assertThat(get("/orders/" + visit.order(), PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void aCheckInWithAnotherDoorsCodeIsRefused() throws Exception {
        Accepted visit = accepted();
        UUID stranger = approvedElder();
        homes.setHome(stranger, HOME);
        String othersCode = doors.issueCode(stranger).orElseThrow();

        ResponseEntity<Map<String, Object>> wrongDoor = atTheDoor(visit.order(), "check-in", othersCode, INSIDE,
                photo(), visit.caregiver());

        assertThat(wrongDoor.getBody()).containsEntry("type", "https://eldercare.io/problems/wrong-door-code");
        assertThat(get("/orders/" + visit.order(), PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void aCheckInWhosePhotoIsNotAnImageIsRefused() {
        Accepted visit = accepted();

        ResponseEntity<Map<String, Object>> notAPhoto = atTheDoor(visit.order(), "check-in", visit.code(), INSIDE,
                "not an image".getBytes(), visit.caregiver());

        assertThat(notAPhoto.getStatusCode().value()).isEqualTo(400);
        assertThat(get("/orders/" + visit.order(), PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void aCaregiverTheVisitIsNotHersCannotCheckIn() throws Exception {
        Accepted visit = accepted();

        ResponseEntity<Map<String, Object>> notTheirs = atTheDoor(visit.order(), "check-in", visit.code(), INSIDE,
                photo(), qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1)));

        assertThat(notTheirs.getStatusCode().value()).isEqualTo(404);
        assertThat(get("/orders/" + visit.order(), PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void theVisitsCaregiverAloneIsShownTheWayToTheHome() {
        Accepted visit = accepted();

        assertThat(get("/orders/" + visit.order() + "/navigation", caregiverToken(visit.caregiver())).getBody())
                .containsEntry("latitude", HOME.latitude()).containsEntry("longitude", HOME.longitude())
                .containsEntry("geofenceRadiusMetres", 200);
        assertThat(get("/orders/" + visit.order() + "/navigation", OPERATOR).getStatusCode().value())
                .as("for the caregiver alone").isEqualTo(403);
    }

    @Test
    void aVisitBeginsAtTheEldersDoorWithItsCodeInsideTheGeofence() throws Exception {
        Accepted visit = accepted();

        ResponseEntity<Map<String, Object>> checkedIn = atTheDoor(visit.order(), "check-in", visit.code(), INSIDE,
                photo(), visit.caregiver());

        assertThat(checkedIn.getBody()).containsEntry("status", "CHECKED_IN");
    }

    @Test
    void aVisitIsCheckedInOnce() throws Exception {
        Accepted visit = accepted();
        atTheDoor(visit.order(), "check-in", visit.code(), INSIDE, photo(), visit.caregiver());

        assertThat(atTheDoor(visit.order(), "check-in", visit.code(), INSIDE, photo(), visit.caregiver())
                .getStatusCode().value()).as("a second check-in").isEqualTo(409);
    }

    @Test
    void aBegunVisitIsNotCancelled() throws Exception {
        Accepted visit = accepted();
        atTheDoor(visit.order(), "check-in", visit.code(), INSIDE, photo(), visit.caregiver());

        assertThat(post("/orders/" + visit.order() + "/cancel", Map.of("reason", "changed mind"), OPERATOR)
                .getStatusCode().value()).as("a begun visit is not cancelled").isEqualTo(409);
    }

    @Test
    void aVisitEndsWithACheckOut() throws Exception {
        Accepted visit = accepted();
        String order = visit.order();
        atTheDoor(order, "check-in", visit.code(), INSIDE, photo(), visit.caregiver());

        ResponseEntity<Map<String, Object>> checkedOut = atTheDoor(order, "check-out", null, INSIDE, photo(),
                visit.caregiver());

        assertThat(checkedOut.getBody()).containsEntry("status", "CHECKED_OUT");
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitCheckedIn", "VisitCheckedOut")));
    }

    @Test
    void theWayToTheHomeIsNotShownAfterTheVisit() throws Exception {
        Accepted visit = accepted();
        atTheDoor(visit.order(), "check-in", visit.code(), INSIDE, photo(), visit.caregiver());
        atTheDoor(visit.order(), "check-out", null, INSIDE, photo(), visit.caregiver());

        assertThat(get("/orders/" + visit.order() + "/navigation", caregiverToken(visit.caregiver()))
                .getStatusCode().value()).as("not after the visit").isEqualTo(404);
    }

    @Test
    void noPositionIsPublishedInAVisitsEvents() throws Exception {
        Accepted visit = accepted();
        String order = visit.order();
        atTheDoor(order, "check-in", visit.code(), INSIDE, photo(), visit.caregiver());
        atTheDoor(order, "check-out", null, INSIDE, photo(), visit.caregiver());
        await().atMost(PATIENCE).until(() -> EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1))
                .stream().filter(e -> e.payload().toString().contains(order)).map(e -> e.type()).toList()
                .containsAll(java.util.List.of("VisitCheckedIn", "VisitCheckedOut")));

        assertThat(EventProbe.readAll("eldercare.workorder.events", Duration.ofSeconds(1)).stream()
                .filter(e -> e.type().startsWith("VisitChecked")).map(e -> e.payload().toString()))
                .as("no position is published").noneMatch(p -> p.contains("30.87") || p.contains("114.37"));
    }

    @Test
    void theGeofenceIsThePacksRadius() throws Exception {
        UUID elder = approvedElder(TIGHT, "HP-DIBAO");
        homes.setHome(elder, HOME);
        UUID caregiver = qualifiedCaregiver(PROVIDER, TIGHT, List.of("HP-HAIRCUT"), LocalDate.now(clock).plusYears(1));
        ResponseEntity<Map<String, Object>> placed = place(elder, PROVIDER, 1, null);
        assertThat(placed.getStatusCode().value()).as(String.valueOf(placed.getBody())).isEqualTo(201);
        String order = (String) placed.getBody().get("id");
        post("/orders/" + order + "/dispatch", Map.of("caregiverId", caregiver), PROVIDER_ADMIN);
        post("/orders/" + order + "/accept", Map.of(), caregiverToken(caregiver));
        String code = doors.issueCode(elder).orElseThrow();

        ResponseEntity<Map<String, Object>> at51 = atTheDoor(order, "check-in", code,
                io.eldercare.workorder.elder.Geofence.destination(HOME, 120, 51), photo(), caregiver);
        ResponseEntity<Map<String, Object>> at49 = atTheDoor(order, "check-in", code,
                io.eldercare.workorder.elder.Geofence.destination(HOME, 120, 49), photo(), caregiver);

        assertThat(at51.getBody()).containsEntry("type", "https://eldercare.io/problems/outside-geofence");
        assertThat(at51.getBody().get("detail")).asString().contains("within 50 m");
        assertThat(at49.getBody()).containsEntry("status", "CHECKED_IN");
    }

    @Test
    void aCheckOutWithoutACheckInIsRefusedAndChangesNothing() throws Exception {
        Accepted visit = accepted();

        ResponseEntity<Map<String, Object>> outFirst = atTheDoor(visit.order(), "check-out", null, HOME, photo(),
                visit.caregiver());

        assertThat(outFirst.getStatusCode().value()).isEqualTo(409);
        assertThat(outFirst.getBody()).containsEntry("type", "https://eldercare.io/problems/illegal-transition");
        assertThat(get("/orders/" + visit.order(), PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    @Test
    void aRevokedDoorCodeIsRefusedAndChangesNothing() throws Exception {
        UUID elder = approvedElder();
        homes.setHome(elder, HOME);
        String replaced = doors.issueCode(elder).orElseThrow();
        doors.issueCode(elder);
        UUID caregiver = qualifiedCaregiver(PROVIDER, LocalDate.now(clock).plusYears(1));
        String order = acceptedVisit(elder, caregiver);

        ResponseEntity<Map<String, Object>> oldCode = atTheDoor(order, "check-in", replaced, HOME, photo(), caregiver);

        assertThat(oldCode.getBody()).containsEntry("type", "https://eldercare.io/problems/wrong-door-code");
        assertThat(get("/orders/" + order, PROVIDER_ADMIN).getBody()).containsEntry("status", "ACCEPTED");
    }

    /** Two hours of kitchen help ordered (an hourly item, 30 元/h). */
    private String twoHoursOfKitchenHelp(UUID elder) {
        return (String) post("/orders", Map.of("elderId", elder, "providerId", PROVIDER, "itemCode", "HP-KITCHEN",
                "quantity", 2)).getBody().get("id");
    }

    @Test
    void anHourlyVisitIsPaidForItsVerifiedMinutesRoundedByThePack() throws Exception {
        String order = twoHoursOfKitchenHelp(approvedElder());
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("listAmountFen", 6000)
                .containsEntry("subsidyFen", 5000).containsEntry("selfPayFen", 1000);

        checkedOutVisit(order, Duration.ofMinutes(75).plusSeconds(20));

        // 75 minutes, every started half hour (Huangpi's pack): 90 minutes at 30 元/h = 45.00, all from the subsidy
        assertThat(get("/orders/" + order, OPERATOR).getBody()).containsEntry("billedMinutes", 90)
                .containsEntry("listAmountFen", 4500).containsEntry("amountFen", 4500)
                .containsEntry("subsidyFen", 4500).containsEntry("selfPayFen", 0).containsEntry("quantity", 2);
    }

    @Test
    void theCompletionOfAnHourlyVisitCarriesTheBilledAmount() throws Exception {
        String order = twoHoursOfKitchenHelp(approvedElder());
        UUID caregiver = checkedOutVisit(order, Duration.ofMinutes(75).plusSeconds(20));

        assertThat(witnessedAndCalledBack(order, caregiver)).containsEntry("status", "COMPLETED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(EventProbe.readAll("eldercare.workorder.events",
                Duration.ofSeconds(1)).stream().filter(e -> e.type().equals("WorkOrderCompleted"))
                .map(EventProbe::payload).map(WorkOrderCompleted.class::cast)
                .filter(c -> c.orderId().toString().equals(order)))
                .singleElement().satisfies(c -> {
                    assertThat(c.amountFen()).isEqualTo(4500);
                    assertThat(c.subsidyFen()).isEqualTo(4500);
                    assertThat(c.selfPayFen()).isZero();
                }));
    }
}
