package io.eldercare.catalog.quote;

import io.eldercare.catalog.item.PriceList;
import io.eldercare.catalog.item.PriceList.PricedItem;
import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.Categories;
import io.eldercare.catalog.policy.Packs;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Quotes an order of an item under the pack in force on the service day. */
@Service
@Transactional(readOnly = true)
public class Quotes {

    private final Packs packs;
    private final Categories categories;
    private final PriceList prices;

    Quotes(Packs packs, Categories categories, PriceList prices) {
        this.packs = packs;
        this.categories = categories;
        this.prices = prices;
    }

    /**
     * The price of {@code quantity} units of an offline item, or of {@code minutes} of an hourly one (when given);
     * a category, when given, is one of the pack's.
     */
    public Quote quote(String policy, String item, int quantity, Integer minutes, LocalDate serviceDate,
            String category) {
        PolicyPack pack = packs.inForce(policy, serviceDate);
        if (category != null && categories.of(pack).stream().noneMatch(c -> c.code().equals(category))) {
            throw Refusal.invalid("unknown-category", "Unknown eligibility category",
                    category + " is not a category of " + policy + " version " + pack.version() + ".");
        }
        PricedItem priced = prices.item(policy, item, serviceDate);
        if (priced.item().mode() != ServiceItem.Mode.OFFLINE) {
            throw Refusal.invalid("item-not-orderable", "Item is not ordered per visit",
                    item + " is an online monthly package paid to the platform per head, not ordered per visit.");
        }
        if (minutes != null) {
            if (priced.item().unit() != ServiceItem.Unit.PER_HOUR) {
                throw Refusal.invalid("not-billed-by-time", "Not billed by time",
                        item + " is billed " + priced.item().unit() + "; give a quantity, not minutes.");
            }
            return Quote.byDuration(pack, priced, minutes, serviceDate, category);
        }
        return Quote.of(pack, priced, quantity, serviceDate, category);
    }
}
