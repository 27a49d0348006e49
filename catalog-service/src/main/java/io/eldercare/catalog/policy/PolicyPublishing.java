package io.eldercare.catalog.policy;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bureau publishes a new version of a pack: it takes effect on a later date, never backwards, and the earlier
 * versions stay as history (quotes and credits for past days keep using them).
 */
@RestController
public class PolicyPublishing {

    private final PolicyPackRepository packs;
    private final Categories categories;
    private final PackAnnouncements announcements;
    private final Clock clock;

    PolicyPublishing(PolicyPackRepository packs, Categories categories, PackAnnouncements announcements, Clock clock) {
        this.packs = packs;
        this.categories = categories;
        this.announcements = announcements;
        this.clock = clock;
    }

    /**
     * The new version: all of its rules (nothing is inherited silently) and its eligibility categories (when left
     * out, the categories of the version before carry over, and the answer lists them).
     */
    public record NewVersion(@NotNull(message = "effectiveFrom is required") LocalDate effectiveFrom,
            @NotNull(message = "rules are required") @Valid PackRules rules,
            @Valid List<Categories.Category> categories) {
    }

    /** Identifies the published version. */
    public record Published(String code, int version, LocalDate effectiveFrom, List<Categories.Category> categories) {
    }

    @PostMapping("/policies/{code}/versions")
    @Transactional
    public ResponseEntity<Published> publish(@PathVariable String code, @Valid @RequestBody NewVersion request) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        PolicyPack latest = packs.latest(code).orElseThrow(() -> Refusal.notFound("Policy pack", code));
        // a region's bureau publishes its own region's rules only
        actor.requireRegion(latest.region(), "Policy pack", code);
        LocalDate today = LocalDate.now(clock);
        if (!request.effectiveFrom().isAfter(today)) {
            throw Refusal.invalid("effective-date-not-future", "A change cannot take effect backwards",
                    "A new version takes effect after today (" + today + "), not on " + request.effectiveFrom()
                            + ".");
        }
        if (!request.effectiveFrom().isAfter(latest.effectiveFrom())) {
            throw Refusal.invalid("overlapping-version", "Overlaps a published version",
                    "Version " + latest.version() + " already takes effect on " + latest.effectiveFrom()
                            + "; a new version must start after it.");
        }
        PackRules rules = request.rules();
        if (rules.perOrderCapFen() != null && rules.perDayCapFen() != null
                && rules.perOrderCapFen() > rules.perDayCapFen()) {
            throw Refusal.invalid("caps-inconsistent", "Per-order cap above the per-day cap",
                    "The per-order cap cannot exceed the per-day cap.");
        }
        if ((rules.welfareUnansweredCalls() == null) != (rules.welfareCallWindowHours() == null)) {
            throw Refusal.invalid("welfare-rule-incomplete", "Unanswered-call rule incomplete",
                    "Give both welfareUnansweredCalls and welfareCallWindowHours, or neither.");
        }
        List<Categories.Category> newCategories = request.categories() == null ? categories.of(latest)
                : request.categories();
        if (newCategories.isEmpty()) {
            throw Refusal.invalid("no-categories", "A pack needs eligibility categories",
                    "Name at least one eligibility category.");
        }
        List<String> dropped = categories.of(latest).stream().map(Categories.Category::code)
                .filter(existing -> newCategories.stream().noneMatch(c -> c.code().equals(existing))).toList();
        if (!dropped.isEmpty()) {
            throw Refusal.invalid("category-dropped", "A category cannot be dropped",
                    "Elders may already be approved under " + dropped + "; keep the categories (set their amounts"
                            + " to 0 to stop the subsidy) and re-assess those elders.");
        }
        if (newCategories.stream().map(Categories.Category::code).distinct().count() != newCategories.size()) {
            throw Refusal.invalid("duplicate-category", "Category named twice",
                    "Each eligibility category code appears once.");
        }
        PolicyPack next = packs.save(latest.nextVersion(request.effectiveFrom(), rules));
        packs.flush();
        categories.save(next, newCategories);
        announcements.announce(next);
        return ResponseEntity.created(URI.create("/policies/" + code + "?on=" + next.effectiveFrom()))
                .body(new Published(next.code(), next.version(), next.effectiveFrom(), newCategories));
    }
}
