package io.eldercare.wallet.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Holds by order. */
public interface HoldRepository extends Repository<Hold, UUID> {

    Hold save(Hold hold);

    Optional<Hold> findById(UUID orderId);

    /** A wallet's orders waiting for their month, oldest first: they are held in the order they were placed. */
    List<Hold> findByWalletIdAndStatusOrderByCreatedAt(UUID walletId, Hold.Status status);
}
