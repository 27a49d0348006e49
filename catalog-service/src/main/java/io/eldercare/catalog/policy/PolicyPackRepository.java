package io.eldercare.catalog.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Policy pack versions. */
public interface PolicyPackRepository extends Repository<PolicyPack, PolicyPack.Key> {

    /** The version of the pack in force on the given day. */
    @Query("""
            select p from PolicyPack p where p.code = :code and p.effectiveFrom <= :day
            order by p.effectiveFrom desc limit 1""")
    Optional<PolicyPack> inForceOn(String code, LocalDate day);

    /** The newest version, whatever its date. */
    @Query("select p from PolicyPack p where p.code = :code order by p.version desc limit 1")
    Optional<PolicyPack> latest(String code);

    /** Every version of every pack, oldest first. */
    @Query("select p from PolicyPack p order by p.code, p.version")
    List<PolicyPack> findAll();

    PolicyPack save(PolicyPack pack);

    void flush();
}
