package io.eldercare.workorder.clients;

import java.time.LocalDate;
import java.util.UUID;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The wallet, the one service the order path calls: it decides how much of an order the subsidy pays, under its own
 * copy of the pack in force on the service day. The order id is the idempotency key: a retried hold holds once.
 */
@HttpExchange
public interface WalletClient {

    /**
     * What is ordered, at what market price; no rule travels with it (caps, discount, fee and meal limits are the
     * wallet's own). {@code listAmountFen} is the market price of the quantity, without any delivery fee;
     * {@code delivered} says whether the pack's delivery fee applies.
     */
    record HoldRequest(UUID orderId, UUID elderId, LocalDate serviceDate, String itemCode, long listAmountFen,
            int quantity, String category, boolean meal, boolean delivered) {
    }

    /** How the wallet splits an order. */
    record Hold(UUID orderId, long listAmountFen, long discountFen, long amountFen, long subsidyFen, long selfPayFen,
            String status) {
    }

    /** Holds an order's subsidy; the order id is the Idempotency-Key. */
    @PostExchange("/holds")
    Hold hold(@RequestHeader("Idempotency-Key") UUID orderId, @RequestBody HoldRequest request);
}
