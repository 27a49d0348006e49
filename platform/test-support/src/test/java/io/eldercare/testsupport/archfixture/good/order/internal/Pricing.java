package io.eldercare.testsupport.archfixture.good.order.internal;

/** The order feature's internals. */
public class Pricing {

    public long fen() {
        return 100;
    }
}
