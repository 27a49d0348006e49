package io.eldercare.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    /** The storage formatter reads "-t -abc…" as an option: about one plain base64 UUID in 64 started with '-'. */
    @Test
    void aClusterIdNeverStartsWithADashSoTheStorageFormatterTakesItAsAValue() {
        assertThat(IntStream.range(0, 20_000).mapToObj(i -> KafkaBroker.kafkaUuid()))
                .allSatisfy(id -> assertThat(id).doesNotStartWith("-").hasSize(22));
    }
}
