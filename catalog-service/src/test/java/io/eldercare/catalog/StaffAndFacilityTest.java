package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.StaffQualified;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** Staff files for dispatch (第十三条, 五(三)); facilities and the 幸福食堂 subsidy (黄陂 八). */
@ServiceTest
class StaffAndFacilityTest {

    private static final String ADMIN = TestAuthority.get().token("DISTRICT_ADMIN");

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Http http;
    UUID provider;
    String providerAdmin;

    @BeforeEach
    void client() {
        http = new Http(port);
        provider = http.registerProvider("黄陂区某居家养老服务中心", ADMIN);
        providerAdmin = Http.adminOf(provider);
    }

    @Test
    void aCertifiedCaregiverWithAValidHealthCertificateQualifiesForTheSkillsHerProfessionCovers() {
        LocalDate today = LocalDate.now(clock);
        String staff = register(today.plusYears(1), today.plusYears(2), List.of("HP-BATH", "HP-PHYSIO"));

        Map<String, Object> bath = http.get("/staff/" + staff + "/qualification?policy=HUANGPI-2020&item=HP-BATH",
                providerAdmin).getBody();
        Map<String, Object> physio = http.get("/staff/" + staff
                + "/qualification?policy=HUANGPI-2020&item=HP-PHYSIO", providerAdmin).getBody();

        assertThat(bath).containsEntry("qualified", true);
        assertThat(physio).containsEntry("qualified", false);
        assertThat(physio.get("reasons")).asString().contains("NURSE", "REHAB");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1)))
                .extracting(EventProbe::payload)
                .contains(new StaffQualified(UUID.fromString(staff), provider, "CAREGIVER", "HUANGPI-2020",
                        List.of("HP-BATH"), today, today.plusYears(1))));
    }

    @Autowired
    io.eldercare.catalog.staff.StaffRegistry registry;

    @Test
    void staffLoadedWithoutTheApiAreAnnouncedOnceSoDispatchKnowsThemToo() {
        LocalDate today = LocalDate.now(clock);
        UUID loaded = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO staff (id, provider_id, name, profession, health_cert_no, health_cert_expires, created_at)
                VALUES (?, ?, '王桂英', 'CAREGIVER', 'JK-LOADED', ?, now())""")
                .params(loaded, provider, today.plusYears(1)).update();
        jdbc.sql("INSERT INTO staff_certificate VALUES (?, 'CAREGIVER', 'YLHLY-LOADED', ?)")
                .params(loaded, today.plusYears(2)).update();
        jdbc.sql("INSERT INTO staff_skill VALUES (?, 'HUANGPI-2020', 'HP-HAIRCUT')").param(loaded).update();

        assertThat(registry.announceUnannounced()).isEqualTo(1);
        assertThat(registry.announceUnannounced()).as("announced once").isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1)))
                .extracting(EventProbe::payload)
                .containsOnlyOnce(new StaffQualified(loaded, provider, "CAREGIVER", "HUANGPI-2020",
                        List.of("HP-HAIRCUT"), today, today.plusYears(1))));
    }

    @Test
    void nobodyIsQualifiedOnADayTheirHealthCertificateHasExpired() {
        LocalDate today = LocalDate.now(clock);
        String staff = register(today.plusDays(10), today.plusYears(2), List.of("HP-HAIRCUT"));

        Map<String, Object> later = http.get("/staff/" + staff + "/qualification?policy=HUANGPI-2020&item=HP-HAIRCUT&on="
                + today.plusDays(11), ADMIN).getBody();

        assertThat(later).containsEntry("qualified", false);
        assertThat(later.get("reasons")).asString().contains("health certificate expired");
    }

    @Test
    void trainingIsKeptOnTheStaffFileAndAnotherProviderCannotSeeIt() {
        LocalDate today = LocalDate.now(clock);
        String staff = register(today.plusYears(1), today.plusYears(1), List.of("HP-NAIL"));
        String otherAdmin = TestAuthority.get().token("other", Map.of("role", "PROVIDER_ADMIN", "provider",
                UUID.randomUUID().toString()));

        ResponseEntity<Map<String, Object>> trained = http.post("/staff/" + staff + "/training", Map.of(
                "course", "老年人照护安全规范", "hours", 8, "completedOn", today.toString(), "trainer", "区民政局"),
                providerAdmin);
        ResponseEntity<Map<String, Object>> future = http.post("/staff/" + staff + "/training", Map.of(
                "course", "失能照护", "hours", 8, "completedOn", today.plusDays(5).toString(), "trainer", "区民政局"),
                providerAdmin);

        assertThat(trained.getBody().get("training")).asString().contains("老年人照护安全规范");
        assertThat(future.getStatusCode().value()).isEqualTo(422);
        assertThat(http.get("/staff/" + staff, otherAdmin).getStatusCode().value()).isEqualTo(404);
        assertThat(http.post("/staff/" + staff + "/training", Map.of("course", "x", "hours", 1, "completedOn",
                today.toString(), "trainer", "x"), otherAdmin).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aStaffMemberWithoutAHealthCertificateOrWithAnUnknownSkillIsNotRegistered() {
        ResponseEntity<Map<String, Object>> noHealth = http.post("/providers/" + provider + "/staff", Map.of(
                "name", "李芳", "profession", "CAREGIVER", "healthCertNo", "", "healthCertExpires", "2030-01-01",
                "certificates", List.of(), "skills", List.of()), providerAdmin);
        ResponseEntity<Map<String, Object>> unknownSkill = http.post("/providers/" + provider + "/staff", Map.of(
                "name", "李芳", "profession", "CAREGIVER", "healthCertNo", "JK-1", "healthCertExpires", "2030-01-01",
                "certificates", List.of(), "skills", List.of(Map.of("policyCode", "HUANGPI-2020",
                        "itemCode", "HP-MASSAGE"))), providerAdmin);

        assertThat(noHealth.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownSkill.getStatusCode().value()).isEqualTo(422);
    }

    @Test
    void eachHappinessCanteenReceivesOneHundredEightyThousandYuanAYearInProportionToItsDaysOpen() {
        String wholeYear = canteen("2025-01-01");
        String fromJuly = canteen("2026-07-01");
        String dayCare = http.post("/facilities", Map.of("policyCode", "HUANGPI-2020", "kind", "DAY_CARE_CENTRE",
                "name", "前川街日间照料中心", "communityCode", "HP-QIANCHUAN-01", "use", "日间照料",
                "openedOn", "2025-01-01"), ADMIN).getBody().get("id").toString();

        assertThat(http.get("/facilities/" + wholeYear + "/canteen-subsidy?year=2026", ADMIN).getBody())
                .containsEntry("amountFen", 18000000).containsEntry("daysOpen", 365);
        // 1 July to 31 December: 184 of 365 days
        assertThat(http.get("/facilities/" + fromJuly + "/canteen-subsidy?year=2026", ADMIN).getBody())
                .containsEntry("daysOpen", 184).containsEntry("amountFen", 9073973);
        assertThat(http.get("/facilities/" + dayCare + "/canteen-subsidy?year=2026", ADMIN).getStatusCode().value())
                .isEqualTo(422);
        assertThat(http.get("/facilities/" + wholeYear + "/canteen-subsidy?year=2026", providerAdmin).getBody())
                .as("the canteen's operator").containsEntry("amountFen", 18000000);
        assertThat(http.get("/facilities/" + wholeYear + "/canteen-subsidy?year=2026",
                Http.adminOf(UUID.randomUUID())).getStatusCode().value()).as("another provider").isEqualTo(404);
    }

    @Test
    void aHuangpiBureauNeitherSeesNorRegistersAJiayuguanFacility() {
        String jiayuguanAdmin = TestAuthority.get().token("admin.jiayuguan", Map.of("role", "DISTRICT_ADMIN",
                "region", "JIAYUGUAN"));
        Map<String, Object> canteen = Map.of("policyCode", "JIAYUGUAN-2024", "kind", "CANTEEN", "name",
                "雄关街道老人幸福餐厅", "communityCode", "JYG-XIONGGUAN-01", "use", "集中就餐、上门送餐",
                "openedOn", "2025-01-01");
        long before = facilities();

        ResponseEntity<Map<String, Object>> byHuangpi = http.post("/facilities", canteen, ADMIN);
        assertThat(byHuangpi.getStatusCode().value()).as("another region's pack is not found").isEqualTo(404);
        assertThat(facilities()).isEqualTo(before);

        String id = http.post("/facilities", canteen, jiayuguanAdmin).getBody().get("id").toString();
        assertThat(http.get("/facilities/" + id, ADMIN).getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/facilities/" + id + "/canteen-subsidy?year=2026", ADMIN).getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.get("/facilities/" + id + "/canteen-subsidy?year=2026", TestAuthority.get().token("AUDITOR"))
                .getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/facilities/" + id, jiayuguanAdmin).getBody()).as("its own region's bureau sees it")
                .containsEntry("region", "JIAYUGUAN").containsEntry("name", "雄关街道老人幸福餐厅");
        assertThat(http.get("/facilities/" + id + "/canteen-subsidy?year=2026", jiayuguanAdmin).getStatusCode()
                .value()).isEqualTo(200);
    }

    private long facilities() {
        return jdbc.sql("SELECT count(*) FROM facility").query(Long.class).single();
    }

    private String canteen(String openedOn) {
        return http.post("/facilities", Map.of("policyCode", "HUANGPI-2020", "kind", "CANTEEN", "name",
                "前川街幸福食堂", "communityCode", "HP-QIANCHUAN-01", "use", "集中就餐、上门送餐",
                "operatorId", provider.toString(), "openedOn", openedOn), ADMIN).getBody().get("id").toString();
    }

    private String register(LocalDate healthExpires, LocalDate certificateExpires, List<String> skills) {
        ResponseEntity<Map<String, Object>> response = http.post("/providers/" + provider + "/staff", Map.of(
                "name", "李芳", "profession", "CAREGIVER", "healthCertNo", "JK-" + UUID.randomUUID(),
                "healthCertExpires", healthExpires.toString(),
                "certificates", List.of(Map.of("profession", "CAREGIVER", "number", "YLHLY-" + UUID.randomUUID(),
                        "expiresOn", certificateExpires.toString())),
                "skills", skills.stream().map(s -> Map.of("policyCode", "HUANGPI-2020", "itemCode", s)).toList()),
                providerAdmin);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return response.getBody().get("id").toString();
    }
}
