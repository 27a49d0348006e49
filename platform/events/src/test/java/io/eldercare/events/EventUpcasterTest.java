package io.eldercare.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A consumer learns a version without a record class of its own, by rewriting it into one it has. */
class EventUpcasterTest {

    // Versions far ahead of any real one, so that a record added for v2 some day does not change these tests.
    private static final EventCodec.TypeKey MONTH_CLOSED_V1 = new EventCodec.TypeKey("MonthClosed", 1);
    private static final EventCodec.TypeKey MONTH_CLOSED_V98 = new EventCodec.TypeKey("MonthClosed", 98);
    private static final EventCodec.TypeKey MONTH_CLOSED_V99 = new EventCodec.TypeKey("MonthClosed", 99);

    private final EventCodec bare = new EventCodec();

    @Test
    void anUpcasterLetsTheCodecReadAVersionWithoutARecord() {
        EventCodec codec = new EventCodec(List.of(EventUpcaster.of(MONTH_CLOSED_V98, MONTH_CLOSED_V1,
                payload -> ((ObjectNode) payload).put("month", payload.get("closedMonth").asString()))));
        EventEnvelope v98 = monthClosed(98, """
                {"closedMonth":"2026-11","closedAt":"2026-12-01T00:00:05Z"}""");

        assertThat(bare.payload(v98)).isEmpty();
        assertThat(codec.payload(v98)).get().isInstanceOfSatisfying(MonthClosed.class,
                closed -> assertThat(closed.month()).hasToString("2026-11"));
        assertThat(v98.payload().has("month")).as("the envelope's own payload is left alone").isFalse();
    }

    @Test
    void upcastersChainUntilARegisteredVersion() {
        EventCodec codec = new EventCodec(List.of(
                EventUpcaster.of(MONTH_CLOSED_V99, MONTH_CLOSED_V98,
                        payload -> ((ObjectNode) payload).put("closedMonth", payload.get("period").asString())),
                EventUpcaster.of(MONTH_CLOSED_V98, MONTH_CLOSED_V1,
                        payload -> ((ObjectNode) payload).put("month", payload.get("closedMonth").asString()))));

        assertThat(codec.payload(monthClosed(99, """
                {"period":"2026-10","closedAt":"2026-11-01T00:00:05Z"}"""))).get().isInstanceOf(MonthClosed.class);
    }

    @Test
    void anUpcasterToAVersionNobodyReadsLeavesThePayloadUnread() {
        EventCodec codec = new EventCodec(List.of(EventUpcaster.of(MONTH_CLOSED_V99, MONTH_CLOSED_V98, p -> p)));

        assertThat(codec.payload(monthClosed(99, "{}"))).isEmpty();
    }

    @Test
    void upcastersThatLoopFailInsteadOfSpinning() {
        EventCodec codec = new EventCodec(List.of(EventUpcaster.of(MONTH_CLOSED_V99, MONTH_CLOSED_V98, p -> p),
                EventUpcaster.of(MONTH_CLOSED_V98, MONTH_CLOSED_V99, p -> p)));

        assertThatThrownBy(() -> codec.payload(monthClosed(99, "{}"))).isInstanceOf(IllegalStateException.class);
    }

    private EventEnvelope monthClosed(int version, String payload) {
        return bare.read("""
                {"eventId":"%s","type":"MonthClosed","version":%d,"aggregateId":"2026-11","sequence":1,"payload":%s}
                """.formatted(UUID.randomUUID(), version, payload));
    }
}
