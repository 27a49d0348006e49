package io.eldercare.workorder.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.web.DomainException;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The wallet's answer to a hold, read as the order path reads it: held, waiting, refused, or no answer. */
class WalletHoldsTest {

    private static final UUID ORDER = UUID.randomUUID();
    private static final WalletClient.HoldRequest REQUEST = new WalletClient.HoldRequest(ORDER, UUID.randomUUID(),
            LocalDate.of(2026, 12, 8), "HP-HAIRCUT", 2000, 1, "HP-DIBAO", false, false);

    private static WalletHolds answering(String status) {
        return new WalletHolds((orderId, request) -> new WalletClient.Hold(orderId, 2000, 0, 2000, 2000, 0, status));
    }

    private static WalletHolds failing(DomainException failure) {
        return new WalletHolds((orderId, request) -> {
            throw failure;
        });
    }

    @Test
    void aHeldAnswerIsAHold() {
        assertThat(answering("HELD").hold(ORDER, REQUEST)).isInstanceOf(WalletHolds.Held.class);
    }

    @Test
    void aWaitingAnswerWaitsForTheMonthsMoney() {
        assertThat(answering("WAITING").hold(ORDER, REQUEST)).isInstanceOf(WalletHolds.Waiting.class);
    }

    @Test
    void anAnswerWithAnotherStatusOrNoneHoldsNothing() {
        for (String status : new String[] {"RELEASED", null}) {
            assertThat(answering(status).hold(ORDER, REQUEST)).as(String.valueOf(status))
                    .isInstanceOfSatisfying(WalletHolds.Refused.class, refused -> assertThat(refused.reason()
                            .problem()).isEqualTo("order-not-held"));
        }
    }

    @Test
    void aConsideredRefusalOfTheWalletIsARefusalWithItsReason() {
        DomainException capped = new DomainException(HttpStatus.UNPROCESSABLE_CONTENT, "monthly-cap-reached",
                "Monthly cap reached", "The month's subsidy is used up.");
        assertThat(failing(capped).hold(ORDER, REQUEST)).isInstanceOfSatisfying(WalletHolds.Refused.class,
                refused -> assertThat(refused.reason()).isSameAs(capped));
    }

    @Test
    void noAnswerIsUnavailableAndKeepsTheStatusItWasAnsweredWith() {
        DomainException credentials = new DomainException(HttpStatus.BAD_GATEWAY, "dependency-refused-credentials",
                "Refused our credentials", "The wallet refused this service's token.");
        WalletHolds.HoldAnswer answer = failing(credentials).hold(ORDER, REQUEST);

        assertThat(answer).isInstanceOf(WalletHolds.Unavailable.class);
        Refusal reworded = ((WalletHolds.Unavailable) answer).reason().withDetail("not placed");
        assertThat(reworded).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_GATEWAY));
        assertThat(reworded.getMessage()).isEqualTo("not placed");
    }
}
