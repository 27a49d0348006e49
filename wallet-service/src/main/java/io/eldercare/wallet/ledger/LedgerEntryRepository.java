package io.eldercare.wallet.ledger;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The append-only ledger. */
public interface LedgerEntryRepository extends Repository<LedgerEntry, Long> {

    LedgerEntry save(LedgerEntry entry);

    @Query("select e from LedgerEntry e where e.walletId = :walletId order by e.id")
    List<LedgerEntry> findByWalletId(UUID walletId);
}
