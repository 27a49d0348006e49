package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** The seeded packs say what the policies say; where they are silent, the pack says so and the value is data. */
@ServiceTest
class JiayuguanPackTest {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void jiayuguanClearsMonthlyDiscountsSelfPayFifteenPercentAndCapsOrdersAndDays() {
        Map<String, Object> pack = http.json("/policies/JIAYUGUAN-2024?on=2026-11-20");
        Map<String, Object> rules = rules(pack);

        assertThat(pack).containsEntry("region", "JIAYUGUAN").containsEntry("effectiveFrom", "2024-04-23");
        assertThat(rules).containsEntry("resetRule", "MONTHLY").containsEntry("selfPayDiscountBps", 1500)
                .containsEntry("perOrderCapFen", 5000).containsEntry("perDayCapFen", 10000)
                .containsEntry("deliveryFeeFen", 300).containsEntry("subsidisedMealsPerDay", 1)
                .containsEntry("unclaimedMealForfeited", true).containsEntry("resetOnTermination", true);
        assertThat((String) rules.get("assumptions")).contains("15%", "分类补贴");
        assertThat(pack.get("categories")).asString().contains("JYG-RESIDENT", "minAge=60");
    }

    @Test
    void jiayuguanIsNotInForceBeforeItsPublicationDay() {
        assertThat(http.get("/policies/JIAYUGUAN-2024?on=2024-04-22", null).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void jiayuguanOffersTheServicesOfArticleFive() {
        List<Map<String, Object>> items = http.list("/items?policy=JIAYUGUAN-2024", null);

        assertThat(items).extracting(i -> i.get("category")).contains("EDUCATION", "RECREATION", "HEALTH", "CARE",
                "MEAL");
        assertThat(items).extracting(i -> i.get("name")).contains("宣讲教育", "文体娱乐", "康复期护理", "日间照料",
                "爱心午餐（堂食）", "爱心午餐（送餐）");
        assertThat(items).filteredOn(i -> "爱心午餐（送餐）".equals(i.get("name")))
                .extracting(i -> i.get("delivered")).containsExactly(true);
    }

    @Test
    void huangpiHasItsFiveCategoriesAtSixtyExceptTheOldestAtEightyAndAHotlineSelfPayCategory() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> categories = (List<Map<String, Object>>) http.json("/policies/HUANGPI-2020")
                .get("categories");
        Map<Object, Object> minAge = categories.stream().collect(Collectors.toMap(c -> c.get("code"),
                c -> c.get("minAge")));
        Map<Object, Object> offline = categories.stream().collect(Collectors.toMap(c -> c.get("code"),
                c -> c.get("offlineMonthlyFen") + "+" + c.get("onlineMonthlyFen")));

        assertThat(minAge).containsExactlyInAnyOrderEntriesOf(Map.of("HP-DIBAO", 60, "HP-TEKUN", 60, "HP-SHIDU", 60,
                "HP-DISABLED", 60, "HP-AGED80", 80, "HP-SELF-PAY", 60));
        assertThat(offline).containsEntry("HP-DIBAO", "7000+3000").containsEntry("HP-AGED80", "7000+3000")
                .containsEntry("HP-SELF-PAY", "0+0");
    }

    @Test
    void huangpiRulesEqualThePolicyText() {
        Map<String, Object> rules = rules(http.json("/policies/HUANGPI-2020?on=2026-11-20"));

        assertThat(rules).containsEntry("welfareUnansweredCalls", 3).containsEntry("welfareCallWindowHours", 24)
                .containsEntry("welfareIdleDays", 14).containsEntry("complaintDueHours", 48)
                .containsEntry("canteenAnnualSubsidyFen", 18000000).containsEntry("firstMonthRule", "FULL")
                .containsEntry("subsidisedMealsPerDay", null).containsEntry("perOrderCapFen", null);
    }

    @Test
    void aJiayuguanDeliveredLunchCostsTheMarketPriceLessFifteenPercentPlusTheSelfPaidFee() {
        Map<String, Object> quote = http.json(
                "/quotes?policy=JIAYUGUAN-2024&item=JYG-LUNCH-DELIVERY&date=2026-11-20&category=JYG-RESIDENT");

        // 12.00 yuan, less 15 % = 10.20, plus the 3.00 delivery fee which is never discounted or subsidised
        assertThat(quote).containsEntry("amountFen", 1200).containsEntry("deliveryFeeFen", 300)
                .containsEntry("selfPayPriceFen", 1320).containsEntry("category", "JYG-RESIDENT");
    }

    @Test
    void aJiayuguanHourlyServiceIsRoundedThenDiscounted() {
        Map<String, Object> quote = http.json(
                "/quotes?policy=JIAYUGUAN-2024&item=JYG-REHAB&minutes=40&date=2026-11-20");

        // 40 minutes bill as 60: 50.00 yuan, self-paid at 42.50
        assertThat(quote).containsEntry("billedMinutes", 60).containsEntry("amountFen", 5000)
                .containsEntry("selfPayPriceFen", 4250).containsEntry("deliveryFeeFen", 0);
    }

    @Test
    void aQuoteForACategoryThePackDoesNotHaveIsRefused() {
        ResponseEntity<Map<String, Object>> response = http.get(
                "/quotes?policy=JIAYUGUAN-2024&item=JYG-VISIT&category=HP-DIBAO", null);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/unknown-category");
    }

    @Test
    void thePublicCatalogueShowsPriceStandardSubsidyAndSelfPayWithoutSigningIn() {
        Map<String, Object> jyg = http.json("/public/catalogue?policy=JIAYUGUAN-2024&on=2026-11-20");
        Map<String, Object> hp = http.json("/public/catalogue?policy=HUANGPI-2020&on=2026-11-20");

        // no Jiayuguan category is subsidised until the bureau publishes the classified amounts
        assertThat(item(jyg, "JYG-LUNCH-DINE-IN")).containsEntry("priceFen", 1200)
                .containsEntry("subsidyCoversUpToFen", 0).containsEntry("selfPayPriceFen", 1020)
                .containsKey("standard");
        assertThat(item(jyg, "JYG-REHAB")).containsEntry("priceFen", 5000)
                .containsEntry("subsidyCoversUpToFen", 0).containsEntry("selfPayPriceFen", 4250);
        assertThat(item(hp, "HP-BATH")).containsEntry("priceFen", 6000).containsEntry("selfPayPriceFen", 6000)
                .containsEntry("subsidyCoversUpToFen", 6000);
        assertThat(item(hp, "HP-ONLINE-PACKAGE")).containsEntry("subsidyCoversUpToFen", 3000);
        assertThat((String) item(hp, "HP-BATH").get("standard")).contains("服务同时需家属在场");
        assertThat(hp.get("categories")).asString().contains("offlineMonthlyFen=7000");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> catalogue, String code) {
        return ((List<Map<String, Object>>) catalogue.get("items")).stream().filter(i -> code.equals(i.get("code")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rules(Map<String, Object> pack) {
        return (Map<String, Object>) pack.get("rules");
    }
}
