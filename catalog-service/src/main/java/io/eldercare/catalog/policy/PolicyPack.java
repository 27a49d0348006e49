package io.eldercare.catalog.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;

/** One version of a region's rules, in force from {@code effectiveFrom} until the next version's date. */
@Entity
@Table(name = "policy_pack")
@IdClass(PolicyPack.Key.class)
public class PolicyPack {

    /** Composite key: code and version. */
    public record Key(String code, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    private String code;
    @Id
    private int version;
    private String region;
    private String name;
    @Column(name = "effective_from")
    private LocalDate effectiveFrom;
    @Column(name = "offline_monthly_allowance_fen")
    private long offlineMonthlyAllowanceFen;
    @Column(name = "online_monthly_fee_fen")
    private long onlineMonthlyFeeFen;
    @Enumerated(EnumType.STRING)
    @Column(name = "reset_rule")
    private ResetRule resetRule;
    @Column(name = "callback_due_hours")
    private int callbackDueHours;
    @Enumerated(EnumType.STRING)
    @Column(name = "hourly_rounding")
    private HourlyRounding hourlyRounding;
    @Column(name = "self_pay_discount_bps")
    private int selfPayDiscountBps;
    @Column(name = "per_order_cap_fen")
    private Long perOrderCapFen;
    @Column(name = "per_day_cap_fen")
    private Long perDayCapFen;
    @Column(name = "delivery_fee_fen")
    private Long deliveryFeeFen;

    protected PolicyPack() {
    }

    /** The next version of this pack, with new rules from a later date. */
    public PolicyPack nextVersion(LocalDate from, long offlineAllowanceFen, long onlineFeeFen, ResetRule reset,
            int callbackHours, HourlyRounding rounding, int discountBps, Long perOrderCap, Long perDayCap,
            Long deliveryFee) {
        PolicyPack next = new PolicyPack();
        next.code = code;
        next.version = version + 1;
        next.region = region;
        next.name = name;
        next.effectiveFrom = from;
        next.offlineMonthlyAllowanceFen = offlineAllowanceFen;
        next.onlineMonthlyFeeFen = onlineFeeFen;
        next.resetRule = reset;
        next.callbackDueHours = callbackHours;
        next.hourlyRounding = rounding;
        next.selfPayDiscountBps = discountBps;
        next.perOrderCapFen = perOrderCap;
        next.perDayCapFen = perDayCap;
        next.deliveryFeeFen = deliveryFee;
        return next;
    }

    public String code() {
        return code;
    }

    public int version() {
        return version;
    }

    public String region() {
        return region;
    }

    public String name() {
        return name;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    public long offlineMonthlyAllowanceFen() {
        return offlineMonthlyAllowanceFen;
    }

    public long onlineMonthlyFeeFen() {
        return onlineMonthlyFeeFen;
    }

    public ResetRule resetRule() {
        return resetRule;
    }

    public int callbackDueHours() {
        return callbackDueHours;
    }

    public HourlyRounding hourlyRounding() {
        return hourlyRounding;
    }

    /** The self-paid part's discount on the market price in basis points (嘉峪关 第四条: 15–20 %). */
    public int selfPayDiscountBps() {
        return selfPayDiscountBps;
    }

    public Long perOrderCapFen() {
        return perOrderCapFen;
    }

    public Long perDayCapFen() {
        return perDayCapFen;
    }

    public Long deliveryFeeFen() {
        return deliveryFeeFen;
    }
}
