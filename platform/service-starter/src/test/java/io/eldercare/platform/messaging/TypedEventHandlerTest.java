package io.eldercare.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.FundsCaptured;
import io.eldercare.events.FundsCapturedV1;
import io.eldercare.events.FundsHeld;
import io.eldercare.events.HoldReleased;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypedEventHandlerTest {

    private static final UUID WALLET = UUID.randomUUID();
    private static final UUID ELDER = UUID.randomUUID();
    private static final UUID ORDER = UUID.randomUUID();

    private final EventCodec codec = new EventCodec();

    /** Two versions of one type and one other type, as a service's handler registers them. */
    static final class Wallet extends TypedEventHandler {
        final List<String> seen = new ArrayList<>();

        Wallet() {
            on(FundsCaptured.class, captured -> seen.add("captured v2 " + captured.subsidyFen()));
            on(FundsCapturedV1.class, captured -> seen.add("captured v1 " + captured.subsidyFen()));
            onWithEnvelope(FundsHeld.class, (held, envelope) -> seen.add("held " + envelope.sequence()));
        }
    }

    @Test
    void handlesIsTheLogicalTypeNamesOfTheRegisteredRecords() {
        assertThat(new Wallet().handles()).containsExactlyInAnyOrder("FundsCaptured", "FundsHeld");
    }

    @Test
    void eachEventReachesTheMethodRegisteredForItsRecordAndVersion() {
        Wallet wallet = new Wallet();

        dispatch(wallet, new FundsCapturedV1(WALLET, ELDER, ORDER, 100, 20, 0), 1);
        dispatch(wallet, new FundsCaptured(WALLET, ELDER, ORDER, 300, 40, 0, 0), 2);
        dispatch(wallet, new FundsHeld(WALLET, ELDER, ORDER, LocalDate.of(2026, 12, 1), 500, 0, 400, 100, 0, 400), 3);
        HoldReleased released = new HoldReleased(WALLET, ELDER, ORDER, 400, "CANCELLED", 400, 0);
        wallet.on(released, envelope(released, 4));

        assertThat(wallet.seen).containsExactly("captured v1 100", "captured v2 300", "held 3");
    }

    @Test
    void aClassWithoutEventTypeFailsAtRegistration() {
        assertThatThrownBy(() -> new TypedEventHandler() {
            {
                on(DomainEvent.class, event -> { });
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("lacks @EventType");
    }

    @Test
    void aRecordRegisteredTwiceFailsAtRegistration() {
        assertThatThrownBy(() -> new TypedEventHandler() {
            {
                on(FundsHeld.class, event -> { });
                on(FundsHeld.class, event -> { });
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }

    /** Through the wire form, as the dispatcher does: the codec reads each version as its own record. */
    private void dispatch(TypedEventHandler handler, DomainEvent event, long sequence) {
        EventEnvelope envelope = codec.read(codec.write(envelope(event, sequence)));
        assertThat(handler.handles()).contains(envelope.type());
        handler.on(codec.payload(envelope).orElseThrow(), envelope);
    }

    private EventEnvelope envelope(DomainEvent event, long sequence) {
        return codec.envelope(event, sequence, "wallet-service", null, OffsetDateTime.now());
    }
}
