package io.eldercare.catalog.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;

/** One version of a region's rules, in force from {@code effectiveFrom} until the next version's date. */
@Entity
@Table(name = "policy_pack")
@IdClass(PolicyPack.Key.class)
public class PolicyPack {

    /** Composite key: code and version. */
    public record Key(String code, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    private String code;
    @Id
    private int version;
    private String region;
    private String name;
    @Column(name = "effective_from")
    private LocalDate effectiveFrom;
    @Embedded
    private PackRules rules;

    protected PolicyPack() {
    }

    /** The next version of this pack, with new rules from a later date. */
    public PolicyPack nextVersion(LocalDate from, PackRules newRules) {
        PolicyPack next = new PolicyPack();
        next.code = code;
        next.version = version + 1;
        next.region = region;
        next.name = name;
        next.effectiveFrom = from;
        next.rules = newRules;
        return next;
    }

    public String code() {
        return code;
    }

    public int version() {
        return version;
    }

    public String region() {
        return region;
    }

    public String name() {
        return name;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    public PackRules rules() {
        return rules;
    }
}
