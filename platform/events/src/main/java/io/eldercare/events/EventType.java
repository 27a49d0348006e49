package io.eldercare.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable identity of a payload record on the wire: a logical name and a schema version, never a Java class name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Logical name, e.g. {@code WorkOrderCompleted}. */
    String name();

    /** Schema version; a breaking change is a new record with the next version. */
    int version();

    /** The aggregate whose id keys the event (and orders it on its partition). */
    String aggregateType();
}
