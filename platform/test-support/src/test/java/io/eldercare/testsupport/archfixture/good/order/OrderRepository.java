package io.eldercare.testsupport.archfixture.good.order;

import org.springframework.data.repository.Repository;

/** Used by the order feature only. */
public interface OrderRepository extends Repository<Order, Long> {
}
