package io.eldercare.catalog.policy;

import io.eldercare.catalog.policy.Categories.Category;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A pack's rules and categories as in force on a day, readable without signing in (第十一条). */
@RestController
@Transactional(readOnly = true)
public class PolicyController {

    private final Packs packs;
    private final Categories categories;
    private final Clock clock;

    PolicyController(Packs packs, Categories categories, Clock clock) {
        this.packs = packs;
        this.categories = categories;
        this.clock = clock;
    }

    /** A pack's rules and categories as in force on a day. */
    public record PolicyView(String code, int version, String region, String name, LocalDate effectiveFrom,
            PackRules rules, List<Category> categories) {
    }

    @GetMapping("/policies/{code}")
    public PolicyView policy(@PathVariable String code,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        PolicyPack pack = packs.inForce(code, on == null ? LocalDate.now(clock) : on);
        return new PolicyView(pack.code(), pack.version(), pack.region(), pack.name(), pack.effectiveFrom(),
                pack.rules(), categories.of(pack));
    }
}
