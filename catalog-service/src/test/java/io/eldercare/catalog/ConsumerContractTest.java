package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/** What the eligibility, wallet and feedback tests' stubs answer in the catalog's name, the catalog really answers. */
@ServiceTest
class ConsumerContractTest {

    @LocalServerPort
    int port;

    @Test
    void everyStubOfTheCatalogHoldsOnlyWhatTheCatalogReallyAnswers() {
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port).build();

        assertThat(Contracts.of("catalog")).isNotEmpty().allSatisfy(contract -> assertThat(Contracts.mismatches(
                contract, http.get().uri(Contracts.request(contract)).retrieve().body(String.class)))
                .as(contract).isEmpty());
    }
}
