package io.eldercare.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    /** The storage formatter reads "-t -abc…" as an option: about one plain base64 UUID in 64 started with '-'. */
    @Test
    void aClusterIdNeverStartsWithADashSoTheStorageFormatterTakesItAsAValue() {
        assertThat(IntStream.range(0, 20_000).mapToObj(i -> KafkaBroker.kafkaUuid()))
                .allSatisfy(id -> assertThat(id).doesNotStartWith("-").hasSize(22));
    }

    /** CI keeps the build's output, not the broker's files: a broker that cannot start says why in the failure. */
    @Test
    void aBrokerWhosePortIsTakenFailsWithTheEndOfItsOwnLog(@TempDir Path directory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> KafkaBroker.start(directory, taken.getLocalPort()))
                    .isInstanceOf(KafkaBroker.BrokerExited.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
        }
    }
}
