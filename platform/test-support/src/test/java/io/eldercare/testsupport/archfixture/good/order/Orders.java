package io.eldercare.testsupport.archfixture.good.order;

/** The order feature's service: what other features call. */
public class Orders {

    private final OrderRepository repository;

    Orders(OrderRepository repository) {
        this.repository = repository;
    }

    public boolean open(long id) {
        return repository != null && id > 0;
    }
}
