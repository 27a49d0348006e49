package io.eldercare.testsupport.archfixture.good.order;

import io.eldercare.testsupport.archfixture.good.order.internal.Pricing;
import jakarta.persistence.Entity;

/** An entity that knows no HTTP and uses its own feature's internals. */
@Entity
public class Order {

    long price(Pricing pricing) {
        return pricing.fen();
    }
}
