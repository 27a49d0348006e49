package io.eldercare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The limiter's memory is bounded, and it keys anonymous callers on X-Forwarded-For only from trusted proxies. */
class RateLimitFilterTest {

    private static final List<String> PROXIES = List.of("10.0.0.0/8", "192.168.1.7");

    private final AtomicInteger passed = new AtomicInteger();
    private final WebFilterChain backend = exchange -> {
        passed.incrementAndGet();
        return Mono.empty();
    };

    @Test
    void twoHundredThousandDistinctAnonymousAddressesLeaveTheLimiterBounded() throws Exception {
        RateLimitFilter limiter = limiter(1, 2, 10_000, List.of());

        MockServerWebExchange base = exchange(InetAddress.getByName("127.0.0.1"), null);
        for (int i = 0; i < 200_000; i++) {
            byte[] address = {(byte) 100, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            limiter.filter(from(base, new InetSocketAddress(InetAddress.getByAddress(address), 40000)), backend)
                    .block();
        }

        assertThat(passed.get()).isEqualTo(200_000);
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void rotatingIpv6AddressesWithinOneNetworkShareABucket() throws Exception {
        RateLimitFilter limiter = limiter(1, 3, 1000, List.of());

        for (int i = 0; i < 50; i++) {
            limiter.filter(exchange(InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1)), null),
                    backend).block();
        }

        assertThat(passed.get()).isBetween(3, 5);
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void aForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        RateLimitFilter limiter = limiter(1, 3, 1000, PROXIES);

        int refused = 0;
        for (int i = 0; i < 20; i++) {
            MockServerWebExchange exchange = exchange(InetAddress.getByName("203.0.113.9"), "198.51.100." + i);
            limiter.filter(exchange, backend).block();
            if (exchange.getResponse().getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
                refused++;
                assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isNotNull();
            }
        }

        assertThat(refused).isGreaterThanOrEqualTo(15);
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedForwardedAddressIsTheClient() throws Exception {
        ClientAddress clients = new ClientAddress(PROXIES);
        InetAddress proxy = InetAddress.getByName("10.1.2.3");

        assertThat(clients.of(request(proxy, "198.51.100.4")).getHostAddress()).isEqualTo("198.51.100.4");
        // the client wrote 6.6.6.6 itself; our second proxy (192.168.1.7) added the real peer
        assertThat(clients.of(request(proxy, "6.6.6.6, 198.51.100.4, 192.168.1.7")).getHostAddress())
                .isEqualTo("198.51.100.4");
        assertThat(clients.of(request(proxy, "6.6.6.6:1234 , [2001:db8::1]:443")).getHostAddress())
                .isEqualTo("2001:db8:0:0:0:0:0:1");
        // garbage or a name (never resolved) stops the walk at the last hop we trust
        assertThat(clients.of(request(proxy, "evil.example.com")).getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(clients.of(request(proxy, "198.51.100.4, nonsense, 10.9.9.9")).getHostAddress())
                .isEqualTo("10.9.9.9");
        assertThat(clients.of(request(proxy, null)).getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(clients.of(request(InetAddress.getByName("203.0.113.9"), "198.51.100.4")).getHostAddress())
                .isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
        RateLimitFilter limiter = limiter(1, 3, 1000, PROXIES);

        for (int i = 0; i < 20; i++) {
            limiter.filter(exchange(InetAddress.getByName("10.1.2.3"), "198.51.100." + i), backend).block();
        }

        assertThat(passed.get()).isEqualTo(20);
        assertThat(limiter.trackedClients()).isEqualTo(20);
    }

    private static RateLimitFilter limiter(int perSecond, int burst, long maxClients, List<String> proxies) {
        return new RateLimitFilter(new GatewayProperties("http://issuer", "http://issuer/jwks", "eldercare",
                List.of("at+jwt"), List.of(), new GatewayProperties.RateLimit(perSecond, burst, maxClients, Duration.ofMinutes(10)),
                proxies));
    }

    /** The same request from another peer, without building a whole exchange each time. */
    private static ServerWebExchange from(ServerWebExchange base, InetSocketAddress peer) {
        ServerHttpRequest request = new ServerHttpRequestDecorator(base.getRequest()) {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return peer;
            }
        };
        return new ServerWebExchangeDecorator(base) {
            @Override
            public ServerHttpRequest getRequest() {
                return request;
            }
        };
    }

    private static MockServerWebExchange exchange(InetAddress peer, String forwardedFor) {
        return MockServerWebExchange.from(request(peer, forwardedFor));
    }

    private static MockServerHttpRequest request(InetAddress peer, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/catalog/items")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.build();
    }
}
