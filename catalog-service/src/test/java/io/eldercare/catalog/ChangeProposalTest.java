package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.events.PriceListPublished;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/** 第十条: operators cannot change items, prices or a facility's use; they propose and the bureau decides once. */
@ServiceTest
class ChangeProposalTest {

    /** Jiayuguan's bureau: the proposals here are for Jiayuguan's pack. */
    private static final String ADMIN = TestAuthority.get().token("admin.jiayuguan", Map.of("role",
            "DISTRICT_ADMIN", "region", "JIAYUGUAN"));

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;
    @Autowired
    JdbcClient jdbc;
    Http http;
    UUID provider;
    String operator;

    @BeforeEach
    void client() {
        http = new Http(port);
        provider = http.registerProvider("嘉峪关幸福餐厅运营公司", ADMIN);
        operator = Http.adminOf(provider);
    }

    @Test
    void anApprovedPriceChangeTakesEffectOnItsDateAndEarlierDaysKeepTheOldPrice() {
        LocalDate from = LocalDate.now(clock).plusYears(10);
        String id = propose(Map.of("kind", "PRICE", "itemCode", "JYG-LUNCH-DINE-IN", "priceFen", 1300,
                "effectiveFrom", from.toString())).getBody().get("id").toString();

        ResponseEntity<Map<String, Object>> approved = http.post("/proposals/" + id + "/approve",
                Map.of("note", "成本上涨，同意"), ADMIN);

        assertThat(approved.getStatusCode().value()).isEqualTo(200);
        assertThat(approved.getBody()).containsEntry("status", "APPROVED");
        assertThat(quote("JYG-LUNCH-DINE-IN", from)).containsEntry("unitPriceFen", 1300);
        assertThat(quote("JYG-LUNCH-DINE-IN", from.minusDays(1))).containsEntry("unitPriceFen", 1200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                EventProbe.readAll("eldercare.catalog.events", Duration.ofSeconds(1)))
                .extracting(EventProbe::payload)
                .filteredOn(PriceListPublished.class::isInstance).map(PriceListPublished.class::cast)
                .filteredOn(p -> UUID.fromString(id).equals(p.proposalId()))
                .singleElement().satisfies(p -> {
                    assertThat(p.policyCode()).isEqualTo("JIAYUGUAN-2024");
                    assertThat(p.effectiveFrom()).isEqualTo(from);
                    assertThat(p.prices()).extracting(PriceListPublished.Price::itemCode,
                            PriceListPublished.Price::unit, PriceListPublished.Price::priceFen)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("JYG-LUNCH-DINE-IN", "PER_MEAL",
                                    1300L));
                }));
    }

    @Test
    void aProposalIsDecidedOnceAndOnlyByTheBureau() {
        String id = propose(Map.of("kind", "PRICE", "itemCode", "JYG-VISIT", "priceFen", 1100,
                "effectiveFrom", LocalDate.now(clock).plusYears(20).toString())).getBody().get("id").toString();

        ResponseEntity<Map<String, Object>> byOperator = http.post("/proposals/" + id + "/approve", null, operator);
        ResponseEntity<Map<String, Object>> first = http.post("/proposals/" + id + "/approve", null, ADMIN);
        ResponseEntity<Map<String, Object>> second = http.post("/proposals/" + id + "/approve", null, ADMIN);
        ResponseEntity<Map<String, Object>> rejectAfter = http.post("/proposals/" + id + "/reject", null, ADMIN);

        assertThat(byOperator.getStatusCode().value()).isEqualTo(403);
        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getStatusCode().value()).isEqualTo(409);
        assertThat(second.getBody()).containsEntry("type", "https://eldercare.io/problems/proposal-decided");
        assertThat(rejectAfter.getStatusCode().value()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT count(*) FROM item_price WHERE item_code = 'JYG-VISIT'").query(Long.class)
                .single()).isEqualTo(2);
    }

    @Test
    void aRejectedProposalChangesNothing() {
        LocalDate from = LocalDate.now(clock).plusYears(30);
        String id = propose(Map.of("kind", "PRICE", "itemCode", "JYG-COMFORT", "priceFen", 99000,
                "effectiveFrom", from.toString())).getBody().get("id").toString();

        ResponseEntity<Map<String, Object>> rejected = http.post("/proposals/" + id + "/reject",
                Map.of("note", "涨幅过大"), ADMIN);

        assertThat(rejected.getBody()).containsEntry("status", "REJECTED").containsEntry("decisionNote", "涨幅过大");
        assertThat(quote("JYG-COMFORT", from)).containsEntry("unitPriceFen", 2000);
    }

    @Test
    void badProposalsAreRefusedWithAProblemAndNothingIsFiled() {
        long before = proposals();
        LocalDate later = LocalDate.now(clock).plusYears(40);

        ResponseEntity<Map<String, Object>> zero = propose(Map.of("kind", "PRICE", "itemCode", "JYG-VISIT",
                "priceFen", 0, "effectiveFrom", later.toString()));
        ResponseEntity<Map<String, Object>> negative = propose(Map.of("kind", "PRICE", "itemCode", "JYG-VISIT",
                "priceFen", -500, "effectiveFrom", later.toString()));
        ResponseEntity<Map<String, Object>> backwards = propose(Map.of("kind", "PRICE", "itemCode", "JYG-VISIT",
                "priceFen", 1500, "effectiveFrom", LocalDate.now(clock).toString()));
        ResponseEntity<Map<String, Object>> beforeSeededPrice = propose(Map.of("kind", "PRICE",
                "itemCode", "JYG-EDUCATION", "priceFen", 600, "effectiveFrom", "2024-04-23"));
        ResponseEntity<Map<String, Object>> unknownUnit = propose(Map.of("kind", "NEW_ITEM", "itemCode", "JYG-FOOT",
                "category", "CARE", "name", "足浴", "content", "上门足浴", "unit", "PER_WEEK", "priceFen", 2000,
                "effectiveFrom", later.toString()));
        ResponseEntity<Map<String, Object>> unknownItem = propose(Map.of("kind", "PRICE", "itemCode", "JYG-FOOT",
                "priceFen", 2000, "effectiveFrom", later.toString()));
        ResponseEntity<Map<String, Object>> unknownCategory = propose(Map.of("kind", "NEW_ITEM", "itemCode",
                "JYG-FOOT", "category", "SPA", "name", "足浴", "content", "上门足浴", "unit", "PER_TIME",
                "priceFen", 2000, "effectiveFrom", later.toString()));

        assertThat(zero.getStatusCode().value()).isEqualTo(400);
        assertThat(zero.getBody().get("detail")).asString().contains("priceFen");
        assertThat(negative.getStatusCode().value()).isEqualTo(400);
        assertThat(backwards.getStatusCode().value()).isEqualTo(422);
        assertThat(beforeSeededPrice.getStatusCode().value()).isEqualTo(422);
        assertThat(unknownUnit.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownUnit.getBody().get("detail")).asString().contains("'PER_WEEK'", "'unit'", "PER_HOUR");
        assertThat(unknownItem.getStatusCode().value()).isEqualTo(404);
        assertThat(unknownCategory.getStatusCode().value()).isEqualTo(422);
        assertThat(unknownCategory.getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-category");
        assertThat(proposals()).isEqualTo(before);
    }

    @Test
    void aPriceOverlappingAnApprovedLaterPriceIsRefusedAtApproval() {
        LocalDate later = LocalDate.now(clock).plusYears(50);
        String earlierId = propose(Map.of("kind", "PRICE", "itemCode", "JYG-RECREATION", "priceFen", 700,
                "effectiveFrom", later.minusYears(1).toString())).getBody().get("id").toString();
        String laterId = propose(Map.of("kind", "PRICE", "itemCode", "JYG-RECREATION", "priceFen", 800,
                "effectiveFrom", later.toString())).getBody().get("id").toString();

        http.post("/proposals/" + laterId + "/approve", null, ADMIN);
        ResponseEntity<Map<String, Object>> overlapping = http.post("/proposals/" + earlierId + "/approve", null,
                ADMIN);

        assertThat(overlapping.getStatusCode().value()).isEqualTo(422);
        assertThat(overlapping.getBody()).containsEntry("type", "https://eldercare.io/problems/overlapping-price");
        assertThat(http.get("/proposals/" + earlierId, ADMIN).getBody()).containsEntry("status", "PROPOSED");
    }

    @Test
    void anApprovedNewItemAppearsInTheCatalogueFromItsDate() {
        LocalDate from = LocalDate.now(clock).plusYears(3);
        String code = "JYG-FOOT-BATH";
        Map<String, Object> body = new HashMap<>(Map.of("kind", "NEW_ITEM", "itemCode", code, "category", "CARE",
                "name", "足浴", "content", "上门足浴护理", "unit", "PER_TIME", "priceFen", 2500,
                "effectiveFrom", from.toString()));
        Map<String, Object> filed = propose(body).getBody();
        String id = filed.get("id").toString();

        http.post("/proposals/" + id + "/approve", null, ADMIN);

        assertThat(filed).as("the bureau sees what it approves").containsEntry("content", "上门足浴护理")
                .containsEntry("category", "CARE").containsEntry("unit", "PER_TIME");
        assertThat(http.list("/items?policy=JIAYUGUAN-2024&on=" + from, null)).extracting(i -> i.get("code"))
                .contains(code);
        assertThat(http.list("/items?policy=JIAYUGUAN-2024&on=" + from.minusDays(1), null))
                .extracting(i -> i.get("code")).doesNotContain(code);
        assertThat(http.get("/quotes?policy=JIAYUGUAN-2024&item=" + code + "&date=" + from.minusDays(1), null)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aFacilitysUseChangesOnlyThroughAnApprovedProposalOfItsOperator() {
        String facility = http.post("/facilities", Map.of("policyCode", "JIAYUGUAN-2024", "kind", "DAY_CARE_CENTRE",
                "name", "雄关街道日间照料中心", "communityCode", "JYG-XIONGGUAN-01", "zone", "A",
                "use", "A区：文体娱乐活动室", "operatorId", provider.toString(), "openedOn", "2025-01-01"), ADMIN)
                .getBody().get("id").toString();
        LocalDate from = LocalDate.now(clock).plusMonths(2);
        String otherOperator = Http.adminOf(http.registerProvider("另一家运营方", ADMIN));

        ResponseEntity<Map<String, Object>> byOther = http.post("/proposals", Map.of("policyCode", "JIAYUGUAN-2024",
                "kind", "FACILITY_USE", "facilityId", facility, "newUse", "仓库", "effectiveFrom", from.toString(),
                "reason", "改作仓库"), otherOperator);
        String id = propose(Map.of("kind", "FACILITY_USE", "facilityId", facility, "newUse", "A区：文体娱乐与健康讲座",
                "effectiveFrom", from.toString())).getBody().get("id").toString();
        http.post("/proposals/" + id + "/approve", null, ADMIN);

        assertThat(byOther.getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/facilities/" + facility + "?on=" + from, operator).getBody())
                .containsEntry("use", "A区：文体娱乐与健康讲座");
        assertThat(http.get("/facilities/" + facility + "?on=" + from.minusDays(1), operator).getBody())
                .containsEntry("use", "A区：文体娱乐活动室");
    }

    @Test
    void aProviderSeesOnlyItsOwnProposalsAndATokenWithoutAProviderIsRefused() {
        String mine = propose(Map.of("kind", "PRICE", "itemCode", "JYG-CLINIC", "priceFen", 2100,
                "effectiveFrom", LocalDate.now(clock).plusYears(60).toString())).getBody().get("id").toString();
        String other = Http.adminOf(http.registerProvider("另一家运营方", ADMIN));
        String noProvider = TestAuthority.get().token("PROVIDER_ADMIN");

        assertThat(http.list("/proposals", operator)).extracting(p -> p.get("id")).contains(mine);
        assertThat(http.list("/proposals", other)).extracting(p -> p.get("id")).doesNotContain(mine);
        assertThat(http.get("/proposals/" + mine, other).getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/proposals", noProvider).getStatusCode().value()).isEqualTo(403);
        assertThat(http.list("/proposals?status=PROPOSED", ADMIN)).extracting(p -> p.get("id")).contains(mine);
    }

    @Test
    void aSuspendedOrUnregisteredProviderProposesNothing() {
        http.post("/providers/" + provider + "/suspend", Map.of("reason", "评估不合格"), ADMIN);
        String unregistered = Http.adminOf(UUID.randomUUID());
        Map<String, Object> change = Map.of("policyCode", "JIAYUGUAN-2024", "kind", "PRICE", "itemCode", "JYG-VISIT",
                "priceFen", 900, "effectiveFrom", LocalDate.now(clock).plusYears(70).toString(), "reason", "降价");
        long before = proposals();

        assertThat(http.post("/proposals", change, operator).getStatusCode().value()).isEqualTo(409);
        assertThat(http.post("/proposals", change, unregistered).getStatusCode().value()).isEqualTo(409);
        assertThat(proposals()).isEqualTo(before);
    }

    @Test
    void theBureauDoesNotDecideItsOwnProposalNorAnotherRegionsProposals() {
        Map<String, Object> body = new HashMap<>(Map.of("policyCode", "JIAYUGUAN-2024", "kind", "PRICE",
                "itemCode", "JYG-VISIT", "priceFen", 1150, "effectiveFrom",
                LocalDate.now(clock).plusYears(61).toString(), "reason", "按物价局指导价调整"));
        String own = http.post("/proposals", body, ADMIN).getBody().get("id").toString();
        String huangpiAdmin = TestAuthority.get().token("DISTRICT_ADMIN");

        ResponseEntity<Map<String, Object>> selfApproved = http.post("/proposals/" + own + "/approve", null, ADMIN);
        ResponseEntity<Map<String, Object>> otherRegion = http.post("/proposals/" + own + "/approve", null,
                huangpiAdmin);

        assertThat(selfApproved.getStatusCode().value()).isEqualTo(403);
        assertThat(selfApproved.getBody()).containsEntry("type", "https://eldercare.io/problems/four-eyes");
        assertThat(otherRegion.getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/proposals/" + own, ADMIN).getBody()).containsEntry("status", "PROPOSED");
    }

    @Test
    void aHuangpiProviderNeitherProposesToNorSeesJiayuguansPackAndAHuangpiAuditorSeesNoneOfItsProposals() {
        String huangpiProvider = TestAuthority.get().token("provider.hp", Map.of("role", "PROVIDER_ADMIN",
                "provider", provider.toString(), "region", "HUANGPI"));
        String huangpiAuditor = TestAuthority.get().token("AUDITOR");
        Map<String, Object> body = new HashMap<>(Map.of("policyCode", "JIAYUGUAN-2024", "kind", "PRICE",
                "itemCode", "JYG-VISIT", "priceFen", 1180, "effectiveFrom",
                LocalDate.now(clock).plusYears(62).toString(), "reason", "成本上涨"));
        long before = proposals();

        ResponseEntity<Map<String, Object>> outOfRegion = http.post("/proposals", body, huangpiProvider);
        assertThat(outOfRegion.getStatusCode().value()).isEqualTo(404);
        assertThat(proposals()).isEqualTo(before);

        String id = http.post("/proposals", body, operator).getBody().get("id").toString();
        assertThat(http.get("/proposals/" + id, huangpiAuditor).getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/proposals/" + id, huangpiProvider).getStatusCode().value()).isEqualTo(404);
        assertThat(http.list("/proposals", huangpiAuditor)).extracting(p -> p.get("id")).doesNotContain(id);
        assertThat(http.list("/proposals", ADMIN)).extracting(p -> p.get("id")).contains(id);
    }

    private ResponseEntity<Map<String, Object>> propose(Map<String, Object> change) {
        Map<String, Object> body = new HashMap<>(change);
        body.put("policyCode", "JIAYUGUAN-2024");
        body.putIfAbsent("reason", "运营成本变化");
        return http.post("/proposals", body, operator);
    }

    private Map<String, Object> quote(String item, LocalDate day) {
        return http.json("/quotes?policy=JIAYUGUAN-2024&item=" + item + "&date=" + day);
    }

    private long proposals() {
        return jdbc.sql("SELECT count(*) FROM change_proposal").query(Long.class).single();
    }
}
