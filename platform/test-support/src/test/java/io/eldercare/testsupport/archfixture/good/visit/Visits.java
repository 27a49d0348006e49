package io.eldercare.testsupport.archfixture.good.visit;

import io.eldercare.testsupport.archfixture.good.order.Orders;

/** Leans on order's service only, one way. */
public class Visits {

    private final Orders orders;

    Visits(Orders orders) {
        this.orders = orders;
    }

    void checkIn(long order) {
        if (!orders.open(order)) {
            throw new IllegalStateException("order " + order + " is not open");
        }
    }
}
