package io.eldercare.catalog.catalogue;

import io.eldercare.catalog.item.PriceList;
import io.eldercare.catalog.item.PriceList.PricedItem;
import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.Categories;
import io.eldercare.catalog.policy.Categories.Category;
import io.eldercare.catalog.policy.PackRules;
import io.eldercare.catalog.policy.Packs;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.catalog.quote.CataloguePrice;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public catalogue of a pack, readable without signing in (第十一条). */
@RestController
@Validated
@Transactional(readOnly = true)
public class PublicCatalogueController {

    private final Packs packs;
    private final Categories categories;
    private final PriceList prices;
    private final Clock clock;

    PublicCatalogueController(Packs packs, Categories categories, PriceList prices, Clock clock) {
        this.packs = packs;
        this.categories = categories;
        this.prices = prices;
        this.clock = clock;
    }

    /** The public catalogue of a pack on a day: what each item costs, what the subsidy and the elder pay. */
    public record PublicCatalogue(String policyCode, int policyVersion, String policyName, LocalDate on,
            List<Category> categories, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen,
            List<PublicItem> items) {
    }

    /** One item with its figures as {@link CataloguePrice} defines them. */
    public record PublicItem(String code, String category, String name, String content, String standard,
            String mode, String unit, long priceFen, long subsidyCoversUpToFen, long selfPayPriceFen,
            long deliveryFeeFen) {

        static PublicItem of(PricedItem priced, CataloguePrice price) {
            ServiceItem i = priced.item();
            return new PublicItem(i.code(), i.category(), i.name(), i.content(), i.standard(), i.mode().name(),
                    i.unit().name(), price.priceFen(), price.subsidyCoversUpToFen(), price.selfPayPriceFen(),
                    price.deliveryFeeFen());
        }
    }

    @GetMapping("/public/catalogue")
    public PublicCatalogue publicCatalogue(@RequestParam @NotBlank String policy,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        PolicyPack pack = packs.inForce(policy, day);
        PackRules rules = pack.rules();
        List<Category> packCategories = categories.of(pack);
        List<PublicItem> items = prices.on(policy, day).stream()
                .map(p -> PublicItem.of(p, CataloguePrice.of(p, rules, packCategories))).toList();
        return new PublicCatalogue(pack.code(), pack.version(), pack.name(), day, packCategories,
                rules.selfPayDiscountBps(), rules.perOrderCapFen(), rules.perDayCapFen(), items);
    }
}
