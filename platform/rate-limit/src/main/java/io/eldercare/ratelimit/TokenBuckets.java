package io.eldercare.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client, an address and a name …) in a bounded cache: a key's bucket starts full at its
 * rate's capacity (the burst), a request takes one token, tokens come back evenly at the rate's refill. At most
 * {@code maxKeys} buckets are held, each forgotten after {@code forgetAfter} without a request (never sooner than its
 * bucket takes to refill: forgetting it sooner would hand out a free refill), so a flood of new keys costs bounded
 * memory; it can push out other keys' buckets, which then start full again. Used by the gateway and the issuer.
 */
public final class TokenBuckets {

    /** Tokens per second, and the bucket's capacity: the burst allowed after a quiet spell. */
    public record Rate(double perSecond, double capacity) {

        /** How long an empty bucket takes to fill up. */
        public Duration fullRefill() {
            return Duration.ofMillis((long) Math.ceil(capacity / Math.max(perSecond, 1e-3) * 1000));
        }
    }

    private final Cache<String, Bucket> buckets;
    private final LongSupplier nanoTime;

    /** Buckets for keys taken at the given rates (a key always at the same one). */
    public TokenBuckets(long maxKeys, Duration forgetAfter, Rate... rates) {
        this(maxKeys, forgetAfter, System::nanoTime, rates);
    }

    /** With a clock of its own ({@link System#nanoTime()} by default), for tests. */
    public TokenBuckets(long maxKeys, Duration forgetAfter, LongSupplier nanoTime, Rate... rates) {
        Duration refill = Arrays.stream(rates).map(Rate::fullRefill).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration forget = forgetAfter.compareTo(refill) < 0 ? refill : forgetAfter;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(forget).build();
        this.nanoTime = nanoTime;
    }

    /** 0 when a token was taken from the key's bucket, else the whole seconds (at least 1) until one is there. */
    public long take(String key, Rate rate) {
        return buckets.get(key, k -> new Bucket(rate.capacity(), nanoTime.getAsLong())).take(rate, nanoTime.getAsLong());
    }

    /** How many keys' buckets are held, after pending evictions. */
    public long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(Rate rate, long now) {
            tokens = Math.min(rate.capacity(), tokens + (now - last) / 1e9 * rate.perSecond());
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate.perSecond()));
        }
    }
}
