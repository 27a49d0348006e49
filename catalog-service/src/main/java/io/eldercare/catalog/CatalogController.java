package io.eldercare.catalog;

import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.item.ServiceItemRepository;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.catalog.policy.PolicyPackRepository;
import io.eldercare.catalog.quote.Quote;
import io.eldercare.platform.web.DomainException;
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

/** The public catalogue and the quote API; no one changes prices here (第十条: changes are proposals, later). */
@RestController
@Validated
@Transactional(readOnly = true)
public class CatalogController {

    private final PolicyPackRepository packs;
    private final ServiceItemRepository items;
    private final Clock clock;

    CatalogController(PolicyPackRepository packs, ServiceItemRepository items, Clock clock) {
        this.packs = packs;
        this.items = items;
        this.clock = clock;
    }

    /** A pack's rules as in force on a day (today by default). */
    public record PolicyView(String code, int version, String region, String name, LocalDate effectiveFrom,
            long offlineMonthlyAllowanceFen, long onlineMonthlyFeeFen, String resetRule, int callbackDueHours,
            String hourlyRounding, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen,
            Long deliveryFeeFen) {

        static PolicyView of(PolicyPack p) {
            return new PolicyView(p.code(), p.version(), p.region(), p.name(), p.effectiveFrom(),
                    p.offlineMonthlyAllowanceFen(), p.onlineMonthlyFeeFen(), p.resetRule().name(),
                    p.callbackDueHours(), p.hourlyRounding().name(), p.selfPayDiscountBps(), p.perOrderCapFen(),
                    p.perDayCapFen(), p.deliveryFeeFen());
        }
    }

    /** A catalogue entry. */
    public record ItemView(String code, String category, String name, String content, String standard, String mode,
            String unit, long priceFen) {

        static ItemView of(ServiceItem i) {
            return new ItemView(i.code(), i.category(), i.name(), i.content(), i.standard(), i.mode().name(),
                    i.unit().name(), i.priceFen());
        }
    }

    @GetMapping("/policies/{code}")
    public PolicyView policy(@PathVariable String code,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        return PolicyView.of(packInForce(code, on == null ? LocalDate.now(clock) : on));
    }

    @GetMapping("/items")
    public List<ItemView> items(@RequestParam @NotBlank String policy) {
        return items.findByPolicyCodeOrderByCode(policy).stream().map(ItemView::of).toList();
    }

    @GetMapping("/quotes")
    public Quote quote(@RequestParam @NotBlank String policy, @RequestParam @NotBlank String item,
            @RequestParam(defaultValue = "1") @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") int quantity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) @Min(value = 1, message = "minutes must be at least 1")
            @Max(value = 1440, message = "minutes must be at most 1440") Integer minutes) {
        LocalDate serviceDate = date == null ? LocalDate.now(clock) : date;
        PolicyPack pack = packInForce(policy, serviceDate);
        ServiceItem serviceItem = items.findByPolicyCodeAndCode(policy, item)
                .orElseThrow(() -> DomainException.notFound("Service item", item + " of " + policy));
        if (serviceItem.mode() != ServiceItem.Mode.OFFLINE) {
            throw DomainException.invalid("item-not-orderable", "Item is not ordered per visit",
                    item + " is an online monthly package paid to the platform per head, not ordered per visit.");
        }
        if (minutes != null) {
            if (serviceItem.unit() != ServiceItem.Unit.PER_HOUR) {
                throw DomainException.invalid("not-billed-by-time", "Not billed by time",
                        item + " is billed " + serviceItem.unit() + "; give a quantity, not minutes.");
            }
            return Quote.byDuration(pack, serviceItem, minutes, serviceDate);
        }
        return Quote.of(pack, serviceItem, quantity, serviceDate);
    }

    private PolicyPack packInForce(String code, LocalDate day) {
        return packs.inForceOn(code, day).orElseThrow(() -> DomainException.notFound("Policy pack",
                code + " in force on " + day));
    }
}
