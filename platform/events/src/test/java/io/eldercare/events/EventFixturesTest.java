package io.eldercare.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Old events must stay readable forever: every type and version has a fixture, and every fixture still reads. */
class EventFixturesTest {

    private final EventCodec codec = new EventCodec();

    static Stream<EventCodec.TypeKey> registeredTypes() {
        return EventCodec.registeredTypes().keySet().stream();
    }

    @ParameterizedTest(name = "{0} fixture still reads")
    @MethodSource("registeredTypes")
    void everyRegisteredTypeHasAFixtureThatStillReads(EventCodec.TypeKey key) throws IOException {
        String json = fixture(key);
        EventEnvelope envelope = codec.read(json);

        assertThat(envelope.type()).isEqualTo(key.name());
        assertThat(envelope.version()).isEqualTo(key.version());
        DomainEvent payload = codec.payload(envelope).orElseThrow();
        assertThat(payload).isInstanceOf(EventCodec.registeredTypes().get(key));
        assertThat(payload.aggregateId()).isEqualTo(envelope.aggregateId());
        assertThat(EventCodec.aggregateTypeOf(payload.getClass())).isEqualTo(envelope.aggregateType());
        assertThat(payload).hasNoNullFieldsOrProperties();
    }

    @ParameterizedTest(name = "{0} survives a write and a read")
    @MethodSource("registeredTypes")
    void payloadsRoundTripWithoutLoss(EventCodec.TypeKey key) throws IOException {
        DomainEvent original = codec.payload(codec.read(fixture(key))).orElseThrow();
        EventEnvelope envelope = codec.envelope(original, 1, "test", "trace", java.time.OffsetDateTime.now());

        assertThat(codec.payload(codec.read(codec.write(envelope)))).contains(original);
    }

    @Test
    void anUnknownTypeIsSkippedNotFailed() {
        String json = """
                {"eventId":"%s","type":"SomethingNew","version":1,"aggregateId":"x","sequence":1,"payload":{}}
                """.formatted(UUID.randomUUID());

        assertThat(codec.payload(codec.read(json))).isEmpty();
    }

    @Test
    void aNewerVersionOfAKnownTypeIsSkippedNotMisread() {
        String json = """
                {"eventId":"%s","type":"MonthClosed","version":99,"aggregateId":"x","sequence":1,"payload":{"month":"2026-11"}}
                """.formatted(UUID.randomUUID());

        assertThat(codec.payload(codec.read(json))).isEmpty();
    }

    @Test
    void textThatIsNotAnEnvelopeIsMalformed() {
        assertThatThrownBy(() -> codec.read("this is not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.read("{\"type\":\"MonthClosed\"}")).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aPayloadMissingAnAmountIsMalformed() {
        String json = """
                {"eventId":"%s","type":"FundsCaptured","version":1,"aggregateId":"x","sequence":1,"payload":{"walletId":"%s"}}
                """.formatted(UUID.randomUUID(), UUID.randomUUID());

        assertThatThrownBy(() -> codec.payload(codec.read(json))).isInstanceOf(MalformedEventException.class);
    }

    private static String fixture(EventCodec.TypeKey key) throws IOException {
        try (InputStream in = EventFixturesTest.class.getResourceAsStream("/fixtures/" + key.name() + ".v"
                + key.version() + ".json")) {
            assertThat(in).as("fixture for %s", key).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
