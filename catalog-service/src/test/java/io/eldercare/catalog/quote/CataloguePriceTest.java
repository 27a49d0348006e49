package io.eldercare.catalog.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.catalog.item.ServiceItem.Mode;
import io.eldercare.catalog.policy.Categories.Category;
import io.eldercare.catalog.policy.PackRules;
import io.eldercare.events.FirstMonthRule;
import io.eldercare.events.HourlyRounding;
import io.eldercare.events.ResetRule;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public catalogue's figures for one item (嘉峪关 第十一条: 服务补助和老年人自费数额): what the subsidy covers at
 * most and what an elder pays out of pocket, under the Huangpi and Jiayuguan packs as seeded.
 */
class CataloguePriceTest {

    private static final Category HP_DIBAO = new Category("HP-DIBAO", "60周岁及以上低保老人", 60, 7000L, 3000L);
    private static final Category JYG_RESIDENT = new Category("JYG-RESIDENT", "全市60周岁及以上老年人", 60, 0L, 0L);

    @Test
    void aHuangpiDibaoElderHasABathCoveredInFullByTheSeventyYuanAllowanceAndPaysSixtyYuanWithoutIt() {
        CataloguePrice bath = CataloguePrice.of(Mode.OFFLINE, false, 6000, huangpi(), List.of(HP_DIBAO));

        assertThat(bath).isEqualTo(new CataloguePrice(6000, 6000, 6000, 0));
    }

    @Test
    void theSubsidyCoversAnItemAtMostUpToTheLargestMonthlyAllowanceOfThePacksCategories() {
        Category smaller = new Category("HP-SMALLER", "一类", 60, 5000L, 3000L);

        CataloguePrice physio = CataloguePrice.of(Mode.OFFLINE, false, 10000, huangpi(), List.of(smaller, HP_DIBAO));

        assertThat(physio.subsidyCoversUpToFen()).isEqualTo(7000);
        assertThat(physio.selfPayPriceFen()).isEqualTo(10000);
    }

    @Test
    void aJiayuguanResidentPaysTheMarketPriceLessFifteenPercentOutOfPocket() {
        // 第四条: 个人自费部分按照市场价格优惠 15—20% (15 % seeded); 第十五条: classified amounts not yet published
        CataloguePrice lunch = CataloguePrice.of(Mode.OFFLINE, false, 1200, jiayuguan(), List.of(JYG_RESIDENT));

        assertThat(lunch).isEqualTo(new CataloguePrice(1200, 0, 1020, 0));
    }

    @Test
    void theJiayuguanPerOrderCapBoundsWhatTheSubsidyCoversOfOneItem() {
        // 第十六条(五): 单次上限, seeded at 50 yuan
        Category classified = new Category("JYG-CLASSIFIED", "分类补贴", 60, 20000L, 0L);

        CataloguePrice rehab = CataloguePrice.of(Mode.OFFLINE, false, 8000, jiayuguan(), List.of(classified));

        assertThat(rehab.subsidyCoversUpToFen()).isEqualTo(5000);
        assertThat(rehab.selfPayPriceFen()).isEqualTo(6800);
    }

    @Test
    void aDeliveredMealAddsTheDeliveryFeeToWhatTheElderPaysButNotToWhatTheSubsidyCovers() {
        // 第五条(五): the delivery fee is self-paid, seeded at 3 yuan, and not discounted
        Category classified = new Category("JYG-CLASSIFIED", "分类补贴", 60, 20000L, 0L);

        CataloguePrice delivered = CataloguePrice.of(Mode.OFFLINE, true, 1200, jiayuguan(), List.of(classified));

        assertThat(delivered).isEqualTo(new CataloguePrice(1200, 1200, 1020 + 300, 300));
    }

    @Test
    void theHuangpiOnlinePackageIsCoveredUpToTheThirtyYuanOnlineFeeAndNeverSelfPaid() {
        CataloguePrice online = CataloguePrice.of(Mode.ONLINE, false, 3000, huangpi(), List.of(HP_DIBAO));

        assertThat(online).isEqualTo(new CataloguePrice(3000, 3000, 0, 0));
    }

    @Test
    void aPackWithoutCategoriesCoversNothingOfAnItem() {
        CataloguePrice offline = CataloguePrice.of(Mode.OFFLINE, false, 6000, huangpi(), List.of());
        CataloguePrice online = CataloguePrice.of(Mode.ONLINE, false, 3000, huangpi(), List.of());

        assertThat(offline.subsidyCoversUpToFen()).isZero();
        assertThat(online.subsidyCoversUpToFen()).isZero();
    }

    /** Huangpi 2020 as seeded: no self-pay discount, no per-order cap, no delivery fee. */
    private static PackRules huangpi() {
        return rules(0, null, null);
    }

    /** Jiayuguan 2024 as seeded: 15 % off self-pay, 50 yuan an order at most, 3 yuan a delivered meal. */
    private static PackRules jiayuguan() {
        return rules(1500, 5000L, 300L);
    }

    private static PackRules rules(int selfPayDiscountBps, Long perOrderCapFen, Long deliveryFeeFen) {
        return new PackRules(7000L, 3000L, ResetRule.MONTHLY, true, FirstMonthRule.FULL, 48, 48,
                HourlyRounding.MINUTE, selfPayDiscountBps, perOrderCapFen, null, deliveryFeeFen, null,
                LocalTime.NOON, false, null, null, null, null, null, null, null);
    }
}
