package io.eldercare.eligibility.application;

import io.eldercare.platform.web.DomainException;
import io.eldercare.platform.web.ServiceClients;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The eligibility categories of the policy pack in force on a service start, asked of the catalog. */
@Component
class PackCategories {

    /** A category and the age it requires (黄陂 四(一): 60, or 80 for the fifth category). */
    record Category(String code, String name, int minAge) {
    }

    /** The pack's rule this service applies: days of public notice before approval (黄陂 六(一) 公示). */
    record Rules(Integer publicNoticeDays) {
    }

    private record PolicyView(String code, int version, Rules rules, List<Category> categories) {
    }

    /** The applicant's category and the pack's public-notice days (null: no notice). */
    record Terms(Category category, Integer publicNoticeDays) {
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    PackCategories(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    /** The category and the notice rule, or a 422 naming the pack's categories. */
    Terms require(String policyCode, String category, LocalDate serviceStart) {
        PolicyView pack = clients.call("catalog-service", () -> catalog.get()
                .uri("/policies/{code}?on={day}", policyCode, serviceStart).retrieve().body(PolicyView.class));
        List<Category> categories = pack.categories() == null ? List.of() : pack.categories();
        Category found = categories.stream().filter(c -> c.code().equals(category)).findFirst()
                .orElseThrow(() -> DomainException.invalid("unknown-category", "Not a category of the policy",
                        category + " is not an eligibility category of " + policyCode + " on " + serviceStart
                                + "; its categories are " + categories.stream().map(Category::code).toList() + "."));
        return new Terms(found, pack.rules() == null ? null : pack.rules().publicNoticeDays());
    }
}
