package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/** What the other services' tests' stubs answer in the catalog's name (as a service would ask), it really answers. */
@ServiceTest
class ConsumerContractTest {

    @LocalServerPort
    int port;

    @Test
    void everyStubOfTheCatalogHoldsOnlyWhatTheCatalogReallyAnswers() {
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(TestAuthority.get().token("SERVICE"))).build();

        assertThat(Contracts.of("catalog")).isNotEmpty().allSatisfy(contract -> assertThat(Contracts.mismatches(
                contract, http.get().uri(Contracts.request(contract)).retrieve().body(String.class)))
                .as(contract).isEmpty());
    }
}
