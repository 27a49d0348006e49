package io.eldercare.catalog.item;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A priced service of a policy pack, with the policy's own text for its content and standard. */
@Entity
@Table(name = "service_item")
@IdClass(ServiceItem.Key.class)
public class ServiceItem {

    /** Composite key: the pack's code and the item's code. */
    public record Key(String policyCode, String code) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    /** Online items are a monthly package paid to the platform; offline items are ordered and delivered. */
    public enum Mode { ONLINE, OFFLINE }

    /** How an item is counted. */
    public enum Unit { PER_TIME, PER_HOUR, PER_MEAL, PER_MONTH }

    @Id
    @Column(name = "policy_code")
    private String policyCode;
    @Id
    private String code;
    private String category;
    private String name;
    private String content;
    private String standard;
    @Enumerated(EnumType.STRING)
    private Mode mode;
    @Enumerated(EnumType.STRING)
    private Unit unit;
    private boolean delivered;

    protected ServiceItem() {
    }

    /** A new offline item, added when the bureau approves an operator's proposal (第十条). */
    public ServiceItem(String policyCode, String code, String category, String name, String content,
            String standard, Unit unit) {
        this.policyCode = policyCode;
        this.code = code;
        this.category = category;
        this.name = name;
        this.content = content;
        this.standard = standard;
        this.mode = Mode.OFFLINE;
        this.unit = unit;
    }

    public String policyCode() {
        return policyCode;
    }

    public String code() {
        return code;
    }

    public String category() {
        return category;
    }

    public String name() {
        return name;
    }

    public String content() {
        return content;
    }

    public String standard() {
        return standard;
    }

    public Mode mode() {
        return mode;
    }

    public Unit unit() {
        return unit;
    }

    /** A delivered meal carries the pack's self-paid delivery fee. */
    public boolean delivered() {
        return delivered;
    }
}
