package io.eldercare.catalog.policy;

import io.eldercare.events.FirstMonthRule;
import io.eldercare.events.HourlyRounding;
import io.eldercare.events.ResetRule;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalTime;

/**
 * Every rule of one pack version. A null rule is one the policy does not have (no cap, no meal limit, no welfare
 * threshold). Amounts are fen; a version states all of its rules, nothing is inherited from the one before.
 *
 * @param offlineMonthlyAllowanceFen the default monthly wallet credit (categories may differ)
 * @param onlineMonthlyFeeFen the default monthly online fee paid to the platform per head
 * @param resetRule when unspent subsidy leaves the wallet
 * @param resetOnTermination whether the wallet clears when service ends (death, hukou moved away)
 * @param firstMonthRule what the month of the service start receives
 * @param callbackDueHours hours after a service within which the platform calls back (黄陂 六(三)1)
 * @param complaintDueHours hours within which a complaint is handled (黄陂 六(三)2)
 * @param hourlyRounding how a verified duration is billed for hourly items
 * @param selfPayDiscountBps discount on the self-paid part, basis points (嘉峪关 第四条 15–20 %)
 * @param perOrderCapFen subsidy spent on one order at most (嘉峪关 第十六条(五) 单次上限)
 * @param perDayCapFen subsidy spent on one day at most (单日上限)
 * @param deliveryFeeFen self-paid fee per delivered meal (嘉峪关 第五条(五))
 * @param subsidisedMealsPerDay subsidised meals an elder takes a day (one love lunch)
 * @param mealOrderCutoff the time of day by which a meal is applied for, that same day
 * @param unclaimedMealForfeited whether a meal not applied for that day is forfeited (当日未申请视为自动放弃)
 * @param geofenceRadiusMetres how far from the elder's address a check-in may be
 * @param welfareUnansweredCalls unanswered calls that send a community worker (黄陂 六(二)5: three)
 * @param welfareCallWindowHours within how many hours (24)
 * @param welfareIdleDays days without an order that send a community worker (two weeks)
 * @param publicNoticeDays days an approved application is publicly noticed before it takes effect (公示)
 * @param canteenAnnualSubsidyFen what each 幸福食堂 receives a year (黄陂 八: 18 万元)
 * @param assumptions where the pack holds values the policy does not give, said in words
 */
@Embeddable
public record PackRules(
        @NotNull @PositiveOrZero Long offlineMonthlyAllowanceFen,
        @NotNull @PositiveOrZero Long onlineMonthlyFeeFen,
        @NotNull @Enumerated(EnumType.STRING) ResetRule resetRule,
        @NotNull Boolean resetOnTermination,
        @NotNull @Enumerated(EnumType.STRING) FirstMonthRule firstMonthRule,
        @NotNull @Min(1) @Max(720) Integer callbackDueHours,
        @NotNull @Min(1) @Max(720) Integer complaintDueHours,
        @NotNull @Enumerated(EnumType.STRING) HourlyRounding hourlyRounding,
        @NotNull @Min(value = 0, message = "selfPayDiscountBps is 0 to 10000")
        @Max(value = 10000, message = "selfPayDiscountBps is 0 to 10000") Integer selfPayDiscountBps,
        @Positive Long perOrderCapFen,
        @Positive Long perDayCapFen,
        @PositiveOrZero Long deliveryFeeFen,
        @Positive @Max(10) Integer subsidisedMealsPerDay,
        LocalTime mealOrderCutoff,
        @NotNull Boolean unclaimedMealForfeited,
        @Positive @Max(10000) Integer geofenceRadiusMetres,
        @Positive @Max(100) Integer welfareUnansweredCalls,
        @Positive @Max(720) Integer welfareCallWindowHours,
        @Positive @Max(365) Integer welfareIdleDays,
        @Positive @Max(90) Integer publicNoticeDays,
        @PositiveOrZero Long canteenAnnualSubsidyFen,
        String assumptions) {
}
