package io.eldercare.catalog.quote;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What an order would cost, readable without signing in (第十一条). */
@RestController
@Validated
public class QuoteController {

    private final Quotes quotes;
    private final Clock clock;

    QuoteController(Quotes quotes, Clock clock) {
        this.quotes = quotes;
        this.clock = clock;
    }

    @GetMapping("/quotes")
    public Quote quote(@RequestParam @NotBlank String policy, @RequestParam @NotBlank String item,
            @RequestParam(defaultValue = "1") @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") int quantity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) @Min(value = 1, message = "minutes must be at least 1")
            @Max(value = 1440, message = "minutes must be at most 1440") Integer minutes,
            @RequestParam(required = false) String category) {
        return quotes.quote(policy, item, quantity, minutes, date == null ? LocalDate.now(clock) : date, category);
    }
}
