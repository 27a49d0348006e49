package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

@ServiceTest
class CatalogApiTest {

    @LocalServerPort
    int port;
    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    @Test
    void huangpiPackGivesSeventyYuanOfflineAndThirtyOnlineAndClearsOnTheAnniversary() {
        Map<String, Object> policy = rules("/policies/HUANGPI-2020?on=2026-11-20");

        assertThat(policy).containsEntry("offlineMonthlyAllowanceFen", 7000).containsEntry("onlineMonthlyFeeFen", 3000)
                .containsEntry("resetRule", "ANNIVERSARY").containsEntry("callbackDueHours", 48)
                .containsEntry("resetOnTermination", true);
    }

    @Test
    void aPackIsNotInForceBeforeItsEffectiveDate() {
        ResponseEntity<Map> response = http.get().uri("/policies/HUANGPI-2020?on=2020-04-29").retrieve()
                .toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void everyHuangpiOfflinePriceEqualsThePolicyTable() {
        List<Map<String, Object>> items = http.get().uri("/items?policy=HUANGPI-2020").retrieve()
                .body(new ParameterizedTypeReference<>() { });
        Map<String, String> priceByName = items.stream().collect(Collectors.toMap(i -> (String) i.get("name"),
                i -> i.get("priceFen") + "/" + i.get("unit")));

        assertThat(priceByName).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("集中就餐", "1000/PER_MEAL"), Map.entry("上门送餐", "1000/PER_MEAL"),
                Map.entry("厨房整理", "3000/PER_HOUR"), Map.entry("居室清洁", "3000/PER_HOUR"),
                Map.entry("上门理发", "2000/PER_TIME"), Map.entry("上门洗衣", "3000/PER_HOUR"),
                Map.entry("剪指甲", "1000/PER_TIME"), Map.entry("助浴", "6000/PER_TIME"),
                Map.entry("上门体检", "2000/PER_TIME"), Map.entry("陪同就医", "2000/PER_HOUR"),
                Map.entry("理疗护理", "5000/PER_HOUR"), Map.entry("读报", "1000/PER_HOUR"),
                Map.entry("陪聊", "1000/PER_HOUR"), Map.entry("陪同外出", "2000/PER_HOUR"),
                Map.entry("线上居家养老服务", "3000/PER_MONTH")));
    }

    @Test
    void theHuangpiOnlinePackageHoldsEveryBasicAndSpecialServiceOfThePolicyForThirtyYuanAMonth() {
        List<Map<String, Object>> items = http.get().uri("/items?policy=HUANGPI-2020").retrieve()
                .body(new ParameterizedTypeReference<>() { });
        Map<String, Object> online = items.stream().filter(i -> "ONLINE".equals(i.get("mode"))).findFirst()
                .orElseThrow();

        assertThat(online).containsEntry("priceFen", 3000).containsEntry("unit", "PER_MONTH");
        assertThat((String) online.get("content")).contains("老人机", "话费套餐", "60分钟", "30M", "定位查询", "紧急救援",
                "120/110/119", "联络紧急联络人", "信息咨询", "个人档案管理", "节日问候", "安全提醒", "心理慰藉", "电话关爱",
                "生日祝福", "用药叮嘱");
        assertThat(items).filteredOn(i -> "ONLINE".equals(i.get("mode"))).hasSize(1);
    }

    @Test
    void aQuoteIsUnitPriceTimesQuantityInFen() {
        Map<String, Object> quote = json("/quotes?policy=HUANGPI-2020&item=HP-PHYSIO&quantity=2&date=2026-11-20");

        assertThat(quote).containsEntry("unitPriceFen", 5000).containsEntry("amountFen", 10000)
                .containsEntry("policyVersion", 1).containsEntry("unit", "PER_HOUR");
    }

    @Test
    void aQuoteForZeroUnitsIsRefusedWithAProblemDetail() {
        ResponseEntity<Map> response = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-BATH&quantity=0")
                .retrieve().toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(response.getBody().get("detail").toString()).contains("quantity must be at least 1");
    }

    @Test
    void anUnknownItemIsNotFound() {
        ResponseEntity<Map> response = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-MASSAGE").retrieve()
                .toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/not-found");
    }

    @Test
    void theOnlinePackageIsNotOrderedPerVisit() {
        ResponseEntity<Map> response = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-ONLINE-PACKAGE")
                .retrieve().toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/item-not-orderable");
    }

    @Test
    void anHourlyServiceIsBilledByItsVerifiedDurationInStartedHalfHours() {
        Map<String, Object> quote = json("/quotes?policy=HUANGPI-2020&item=HP-ESCORT-MEDICAL&minutes=75");

        assertThat(quote).containsEntry("billedMinutes", 90).containsEntry("unitPriceFen", 2000)
                .containsEntry("amountFen", 3000);
        assertThat(json("/quotes?policy=HUANGPI-2020&item=HP-KITCHEN&minutes=60")).containsEntry("amountFen", 3000);
    }

    @Test
    void aServiceBilledPerTimeTakesNoDuration() {
        ResponseEntity<Map> response = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-HAIRCUT&minutes=30")
                .retrieve().toEntity(Map.class);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody()).containsEntry("type", "https://eldercare.io/problems/not-billed-by-time");
    }

    @Test
    void huangpiPaysOverageInFullWithoutCapsOrDiscount() {
        Map<String, Object> quote = json("/quotes?policy=HUANGPI-2020&item=HP-BATH");

        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) quote.get("rules");
        assertThat(rules).containsEntry("selfPayDiscountBps", 0).containsEntry("perOrderCapFen", null)
                .containsEntry("perDayCapFen", null).containsEntry("deliveryFeeFen", null);
        assertThat(rules("/policies/HUANGPI-2020")).containsEntry("hourlyRounding", "HALF_HOUR_UP")
                .containsEntry("selfPayDiscountBps", 0);
    }

    @Test
    void aCallerRevalidatesAQuoteByItsETag() {
        ResponseEntity<String> first = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-BATH&date=2026-11-20")
                .retrieve().toEntity(String.class);
        String etag = first.getHeaders().getETag();

        ResponseEntity<String> again = http.get().uri("/quotes?policy=HUANGPI-2020&item=HP-BATH&date=2026-11-20")
                .header("If-None-Match", etag).retrieve().toEntity(String.class);

        assertThat(etag).isNotBlank();
        assertThat(again.getStatusCode().value()).isEqualTo(304);
    }

    @Test
    void theApiDescriptionNamesTheGatewayRouteAndTheBearerScheme() {
        String docs = http.get().uri("/v3/api-docs").retrieve().body(String.class);

        assertThat(docs).contains("\"url\":\"/api/catalog\"", "\"bearerFormat\":\"JWT\"", "/quotes");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rules(String uri) {
        return (Map<String, Object>) json(uri).get("rules");
    }

    private Map<String, Object> json(String uri) {
        return http.get().uri(uri).retrieve().body(new ParameterizedTypeReference<>() { });
    }
}
