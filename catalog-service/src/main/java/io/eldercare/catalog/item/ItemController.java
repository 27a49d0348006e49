package io.eldercare.catalog.item;

import io.eldercare.catalog.item.PriceList.PricedItem;
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

/**
 * A pack's items with the price in force on a day, readable without signing in (第十一条). No one changes an item or
 * a price here: operators propose and the bureau decides (第十条).
 */
@RestController
@Validated
@Transactional(readOnly = true)
public class ItemController {

    private final PriceList prices;
    private final Clock clock;

    ItemController(PriceList prices, Clock clock) {
        this.prices = prices;
        this.clock = clock;
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

    @GetMapping("/items")
    public List<ItemView> items(@RequestParam @NotBlank String policy,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        return prices.on(policy, on == null ? LocalDate.now(clock) : on).stream().map(ItemView::of).toList();
    }
}
