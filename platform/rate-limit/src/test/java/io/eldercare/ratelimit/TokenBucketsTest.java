package io.eldercare.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    /** 2 a second, 5 at once. */
    private static final TokenBuckets.Rate RATE = new TokenBuckets.Rate(2, 5);

    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(1000, Duration.ofMinutes(10), now::get, RATE);

    @Test
    void aFullBucketAllowsItsBurstThenRefusesWithTheWaitInWholeSeconds() {
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("a", RATE)).as("request %d of the burst", i + 1).isZero();
        }
        assertThat(buckets.take("a", RATE)).as("half a second until the next token, rounded up").isEqualTo(1);
    }

    @Test
    void tokensComeBackAtTheRateAndNeverAboveTheCapacity() {
        drain("a");
        advance(500);
        assertThat(buckets.take("a", RATE)).as("one token after half a second").isZero();
        assertThat(buckets.take("a", RATE)).isEqualTo(1);

        advance(60_000);
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("a", RATE)).isZero();
        }
        assertThat(buckets.take("a", RATE)).as("a long pause refills to the capacity, not beyond").isEqualTo(1);
    }

    @Test
    void aSlowRateTellsHowManySecondsToWait() {
        TokenBuckets.Rate slow = new TokenBuckets.Rate(1 / 60.0, 1);
        TokenBuckets perMinute = new TokenBuckets(10, Duration.ofMinutes(1), now::get, slow);
        assertThat(perMinute.take("login|10.0.0.1|li", slow)).isZero();
        assertThat(perMinute.take("login|10.0.0.1|li", slow)).isEqualTo(60);
        advance(45_000);
        assertThat(perMinute.take("login|10.0.0.1|li", slow)).isEqualTo(15);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        drain("a");
        assertThat(buckets.take("a", RATE)).isPositive();
        assertThat(buckets.take("b", RATE)).as("another key starts full").isZero();
        assertThat(buckets.trackedKeys()).isEqualTo(2);
    }

    @Test
    void aFloodOfKeysIsBounded() {
        TokenBuckets few = new TokenBuckets(100, Duration.ofMinutes(10), now::get, RATE);
        for (int i = 0; i < 10_000; i++) {
            few.take("client-" + i, RATE);
        }
        assertThat(few.trackedKeys()).isLessThanOrEqualTo(100);
    }

    @Test
    void aBucketIsKeptAtLeastUntilItWouldBeFullAgain() {
        assertThat(new TokenBuckets.Rate(2, 5).fullRefill()).isEqualTo(Duration.ofMillis(2500));
        assertThat(new TokenBuckets.Rate(10 / 60.0, 10).fullRefill()).isBetween(Duration.ofMinutes(1), Duration.ofMillis(60_001));
    }

    private void drain(String key) {
        while (buckets.take(key, RATE) == 0) {
            // take the burst
        }
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
