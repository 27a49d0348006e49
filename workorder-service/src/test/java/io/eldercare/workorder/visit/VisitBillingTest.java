package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.events.HourlyRounding;
import io.eldercare.workorder.order.WorkOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An hourly visit is paid for its verified minutes, rounded by the pack's rule, never more than was held. */
class VisitBillingTest {

    /** Two hours of kitchen cleaning at 30 元/h: 60.00, of which 50.00 subsidy, 8.50 self-paid after 15 % off. */
    private static final WorkOrder.Pricing TWO_HOURS = new WorkOrder.Pricing(1, "PER_HOUR", 3000, 2, 6000, 150, 5850,
            5000, 850);

    @ParameterizedTest(name = "{1} rounding: {0} verified minutes bill {2} minutes, {3} fen")
    @CsvSource({
            "60, HALF_HOUR_UP, 60, 3000",
            "61, HALF_HOUR_UP, 90, 4500",
            "89, HALF_HOUR_UP, 90, 4500",
            "90, HALF_HOUR_UP, 90, 4500",
            "91, HALF_HOUR_UP, 120, 6000",
            "59, HOUR_UP, 60, 3000",
            "61, HOUR_UP, 120, 6000",
            "45, MINUTE, 45, 2250",
            "0, MINUTE, 1, 50"})
    void theVerifiedMinutesAreRoundedByThePacksRuleAtTheEdges(long verified, HourlyRounding rounding,
            int billedMinutes, long listFen) {
        VisitBilling.Billed billed = VisitBilling.bill(TWO_HOURS, verified, rounding);

        assertThat(billed.billedMinutes()).isEqualTo(billedMinutes);
        assertThat(billed.pricing().listAmountFen()).isEqualTo(listFen);
    }

    @Test
    void aShorterVisitIsPaidFromTheSubsidyFirst() {
        WorkOrder.Pricing billed = VisitBilling.bill(TWO_HOURS, 75, HourlyRounding.HALF_HOUR_UP).pricing();

        assertThat(billed).isEqualTo(new WorkOrder.Pricing(1, "PER_HOUR", 3000, 2, 4500, 0, 4500, 4500, 0));
    }

    @Test
    void theSelfPaidPartOfAShorterVisitKeepsTheSelfPayDiscount() {
        WorkOrder.Pricing billed = VisitBilling.bill(TWO_HOURS, 110, HourlyRounding.MINUTE).pricing();

        // 55.00: 50.00 subsidy, 5.00 self-paid list less 15 % = 4.25
        assertThat(billed).isEqualTo(new WorkOrder.Pricing(1, "PER_HOUR", 3000, 2, 5500, 75, 5425, 5000, 425));
    }

    @Test
    void aVisitLongerThanOrderedIsPaidAsOrderedNeverMoreThanWasHeld() {
        VisitBilling.Billed billed = VisitBilling.bill(TWO_HOURS, 150, HourlyRounding.HALF_HOUR_UP);

        assertThat(billed.pricing()).isEqualTo(TWO_HOURS);
        assertThat(billed.billedMinutes()).isEqualTo(120);
    }
}
