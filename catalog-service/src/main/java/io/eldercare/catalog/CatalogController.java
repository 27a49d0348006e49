package io.eldercare.catalog;

import io.eldercare.catalog.item.PriceList;
import io.eldercare.catalog.item.PriceList.PricedItem;
import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.Categories;
import io.eldercare.catalog.policy.Categories.Category;
import io.eldercare.catalog.policy.PackRules;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.catalog.policy.PolicyPackRepository;
import io.eldercare.catalog.quote.Quote;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.money.Pricing;
import io.eldercare.platform.money.SelfPay;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Packs, items, quotes and the public catalogue (第十一条), all readable without signing in. No one changes an item
 * or a price here: the bureau publishes pack versions and decides operators' change proposals (第十条).
 */
@RestController
@Validated
@Transactional(readOnly = true)
public class CatalogController {

    private final PolicyPackRepository packs;
    private final Categories categories;
    private final PriceList prices;
    private final Clock clock;

    CatalogController(PolicyPackRepository packs, Categories categories, PriceList prices, Clock clock) {
        this.packs = packs;
        this.categories = categories;
        this.prices = prices;
        this.clock = clock;
    }

    /** A pack's rules and categories as in force on a day. */
    public record PolicyView(String code, int version, String region, String name, LocalDate effectiveFrom,
            PackRules rules, List<Category> categories) {
    }

    /** A catalogue entry with the price in force on the day asked. */
    public record ItemView(String code, String category, String name, String content, String standard, String mode,
            String unit, long priceFen, LocalDate priceFrom, boolean delivered) {

        static ItemView of(PricedItem p) {
            ServiceItem i = p.item();
            return new ItemView(i.code(), i.category(), i.name(), i.content(), i.standard(), i.mode().name(),
                    i.unit().name(), p.priceFen(), p.priceFrom(), i.delivered());
        }
    }

    /** The public catalogue of a pack on a day: what each item costs, what the subsidy and the elder pay. */
    public record PublicCatalogue(String policyCode, int policyVersion, String policyName, LocalDate on,
            List<Category> categories, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen,
            List<PublicItem> items) {
    }

    /**
     * One item: its market price; {@code subsidyCoversUpToFen} how much a subsidised elder's monthly allowance can
     * pay of it at most (bounded by the largest category allowance and the per-order cap; 0 while the pack has no
     * subsidised category); {@code selfPayPriceFen} what an elder pays for it out of pocket (no or
     * spent allowance), after the pack's self-pay discount and with any delivery fee.
     */
    public record PublicItem(String code, String category, String name, String content, String standard,
            String mode, String unit, long priceFen, long subsidyCoversUpToFen, long selfPayPriceFen,
            long deliveryFeeFen) {
    }

    @GetMapping("/policies/{code}")
    public PolicyView policy(@PathVariable String code,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        PolicyPack pack = packInForce(code, on == null ? LocalDate.now(clock) : on);
        return new PolicyView(pack.code(), pack.version(), pack.region(), pack.name(), pack.effectiveFrom(),
                pack.rules(), categories.of(pack));
    }

    @GetMapping("/items")
    public List<ItemView> items(@RequestParam @NotBlank String policy,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        return prices.on(policy, on == null ? LocalDate.now(clock) : on).stream().map(ItemView::of).toList();
    }

    @GetMapping("/public/catalogue")
    public PublicCatalogue publicCatalogue(@RequestParam @NotBlank String policy,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        PolicyPack pack = packInForce(policy, day);
        PackRules rules = pack.rules();
        List<Category> packCategories = categories.of(pack);
        // the most any category's monthly allowance can pay (0 while a pack has no subsidised category)
        long offlineAllowance = packCategories.stream().mapToLong(Category::offlineMonthlyFen).max().orElse(0);
        long onlineFee = packCategories.stream().mapToLong(Category::onlineMonthlyFen).max().orElse(0);
        List<PublicItem> items = prices.on(policy, day).stream().map(p -> {
            ServiceItem i = p.item();
            boolean online = i.mode() == ServiceItem.Mode.ONLINE;
            long fee = Pricing.deliveryFeeFen(i.delivered(), rules.deliveryFeeFen());
            long covered = online ? Math.min(p.priceFen(), onlineFee)
                    : Math.min(Math.min(p.priceFen(), offlineAllowance),
                            rules.perOrderCapFen() == null ? Long.MAX_VALUE : rules.perOrderCapFen());
            long selfPay = online ? 0 : SelfPay.priceFen(p.priceFen(), rules.selfPayDiscountBps()) + fee;
            return new PublicItem(i.code(), i.category(), i.name(), i.content(), i.standard(), i.mode().name(),
                    i.unit().name(), p.priceFen(), covered, selfPay, fee);
        }).toList();
        return new PublicCatalogue(pack.code(), pack.version(), pack.name(), day, packCategories,
                rules.selfPayDiscountBps(), rules.perOrderCapFen(), rules.perDayCapFen(), items);
    }

    @GetMapping("/quotes")
    public Quote quote(@RequestParam @NotBlank String policy, @RequestParam @NotBlank String item,
            @RequestParam(defaultValue = "1") @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") int quantity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) @Min(value = 1, message = "minutes must be at least 1")
            @Max(value = 1440, message = "minutes must be at most 1440") Integer minutes,
            @RequestParam(required = false) String category) {
        LocalDate serviceDate = date == null ? LocalDate.now(clock) : date;
        PolicyPack pack = packInForce(policy, serviceDate);
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

    private PolicyPack packInForce(String code, LocalDate day) {
        return packs.inForceOn(code, day).orElseThrow(() -> Refusal.notFound("Policy pack",
                code + " in force on " + day));
    }
}
