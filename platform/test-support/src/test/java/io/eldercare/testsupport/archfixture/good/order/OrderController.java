package io.eldercare.testsupport.archfixture.good.order;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The web layer: may know HTTP; nobody calls it. */
@RestController
public class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    ResponseEntity<Boolean> open(long id) {
        return ResponseEntity.ok(orders.open(id));
    }
}
