package io.eldercare.catalog.quote;

import io.eldercare.catalog.item.PriceList.PricedItem;
import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.Categories.Category;
import io.eldercare.catalog.policy.PackRules;
import io.eldercare.platform.money.Pricing;
import java.util.List;

/**
 * What the public catalogue shows an item costs under a pack (嘉峪关 第十一条: 服务补助和老年人自费数额).
 *
 * @param priceFen the market price of one unit
 * @param subsidyCoversUpToFen the most a subsidised elder's monthly allowance pays of it: the largest allowance among
 *     the pack's categories, bounded by the per-order cap (嘉峪关 第十六条(五)); for an online package the largest
 *     monthly online fee; 0 while the pack has no subsidised category
 * @param selfPayPriceFen what an elder pays out of pocket (no or spent allowance): the price less the pack's
 *     self-pay discount (嘉峪关 第四条), plus any delivery fee; nothing for an online package, which the platform bills
 *     per head
 * @param deliveryFeeFen the pack's fee for a delivered meal, always self-paid (嘉峪关 第五条(五))
 */
public record CataloguePrice(long priceFen, long subsidyCoversUpToFen, long selfPayPriceFen, long deliveryFeeFen) {

    /** A priced item's catalogue figures under the pack's rules, for elders of the pack's categories. */
    public static CataloguePrice of(PricedItem priced, PackRules rules, List<Category> categories) {
        ServiceItem item = priced.item();
        return of(item.mode(), item.delivered(), priced.priceFen(), rules, categories);
    }

    /** An item's catalogue figures from its mode, delivery and price of one unit. */
    static CataloguePrice of(ServiceItem.Mode mode, boolean delivered, long priceFen, PackRules rules,
            List<Category> categories) {
        long fee = Pricing.deliveryFeeFen(delivered, rules.deliveryFeeFen());
        if (mode == ServiceItem.Mode.ONLINE) {
            long onlineFee = categories.stream().mapToLong(Category::onlineMonthlyFen).max().orElse(0);
            return new CataloguePrice(priceFen, Math.min(priceFen, onlineFee), 0, fee);
        }
        long allowance = categories.stream().mapToLong(Category::offlineMonthlyFen).max().orElse(0);
        long perOrderCap = rules.perOrderCapFen() == null ? Long.MAX_VALUE : rules.perOrderCapFen();
        return new CataloguePrice(priceFen, Math.min(Math.min(priceFen, allowance), perOrderCap),
                Quote.selfPaidFen(priceFen, fee, rules), fee);
    }
}
