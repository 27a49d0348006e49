package io.eldercare.wallet.ledger;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Wallets; changes lock the wallet's row so that one elder's holds and captures queue up. */
public interface WalletRepository extends Repository<Wallet, UUID> {

    Wallet save(Wallet wallet);

    Optional<Wallet> findByElderId(UUID elderId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select w from Wallet w where w.elderId = :elderId")
    Optional<Wallet> lockByElderId(UUID elderId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select w from Wallet w where w.id = :id")
    Optional<Wallet> lockById(UUID id);

}
