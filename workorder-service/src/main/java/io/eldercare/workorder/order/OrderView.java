package io.eldercare.workorder.order;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An order as clients see it (every room's controller answers with it). */
public record OrderView(UUID id, UUID elderId, UUID providerId, String itemCode, String policyCode, String unit,
        long unitPriceFen, int quantity, long listAmountFen, long discountFen, long amountFen, long subsidyFen,
        long selfPayFen, LocalDate serviceDate, String channel, String status, String funding, String verification,
        Instant completedAt, UUID caregiverId, Integer billedMinutes, Instant confirmedAt) {

    public static OrderView of(WorkOrder o) {
        return new OrderView(o.id(), o.elderId(), o.providerId(), o.itemCode(), o.policyCode(), o.unit(),
                o.unitPriceFen(), o.quantity(), o.listAmountFen(), o.discountFen(), o.amountFen(), o.subsidyFen(),
                o.selfPayFen(), o.serviceDate(), o.channel().name(), o.status().name(), o.funding().name(),
                o.verification() == null ? null : o.verification().name(), o.completedAt(), o.caregiverId(),
                o.billedMinutes(), o.confirmedAt());
    }
}
