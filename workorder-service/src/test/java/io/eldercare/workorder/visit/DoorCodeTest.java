package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.eldercare.events.ApplicationApproved;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.elder.Homes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** The community records an elder's home and prints the door's QR code; a re-issued code revokes the old one. */
@ServiceTest
class DoorCodeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String WORKER = TestAuthority.get().token("worker.qianchuan", Map.of("role",
            "COMMUNITY_WORKER", "region", "HUANGPI", "street", "HP-QIANCHUAN", "community", "HP-QIANCHUAN-01"));
    private static final String OTHER_COMMUNITY = TestAuthority.get().token("worker.other", Map.of("role",
            "COMMUNITY_WORKER", "region", "HUANGPI", "street", "HP-QIANCHUAN", "community", "HP-QIANCHUAN-02"));
    private static final String JIAYUGUAN_ADMIN = TestAuthority.get().token("admin.jiayuguan", Map.of("role",
            "DISTRICT_ADMIN", "region", "JIAYUGUAN"));

    static {
        Contracts.publishEvents("catalog-facts", "eldercare.catalog.events", "catalog-service");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Doors doors;
    @Autowired
    Homes homes;
    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM policy_pack_copy").query(Long.class)
                .single() >= 2);
    }

    @Test
    void aCommunityWorkerPrintsTheDoorCodeOfTheirEldersDoor() throws Exception {
        UUID elder = approvedElder();

        ResponseEntity<byte[]> printed = issue(elder, WORKER);

        assertThat(printed.getStatusCode().value()).isEqualTo(200);
        assertThat(printed.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        String code = scan(printed.getBody());
        assertThat(code).doesNotContain(elder.toString());
        assertThat(doors.doorOf(code)).contains(elder);
    }

    @Test
    void aReissuedDoorCodeRevokesTheOldOne() throws Exception {
        UUID elder = approvedElder();

        ResponseEntity<byte[]> first = issue(elder, WORKER);
        ResponseEntity<byte[]> second = issue(elder, WORKER);

        assertThat(doors.doorOf(scan(second.getBody()))).contains(elder);
        assertThat(doors.doorOf(scan(first.getBody()))).as("the code printed before the re-issue").isEmpty();
    }

    @Test
    void theHomeIsKeptEncrypted() {
        UUID elder = approvedElder();

        assertThat(setHome(elder, WORKER, Map.of("latitude", 30.8746123, "longitude", 114.3763456))
                .getStatusCode().value()).isEqualTo(204);

        assertThat(homes.home(elder)).contains(new Geofence.Point(30.8746123, 114.3763456));
        String stored = jdbc.sql("SELECT home_position FROM elder WHERE elder_id = ?").param(elder)
                .query(String.class).single();
        assertThat(stored).doesNotContain("30.87").doesNotContain("114.37");
    }

    @Test
    void aHomeOffTheGlobeIsRefusedChangingNothing() {
        UUID elder = approvedElder();
        setHome(elder, WORKER, Map.of("latitude", 30.8746123, "longitude", 114.3763456));

        ResponseEntity<Map<String, Object>> offTheGlobe = setHome(elder, WORKER,
                Map.of("latitude", 91, "longitude", 114.3));

        assertThat(offTheGlobe.getStatusCode().value()).isEqualTo(400);
        assertThat(offTheGlobe.getBody()).containsKey("errors");
        assertThat(homes.home(elder)).contains(new Geofence.Point(30.8746123, 114.3763456));
    }

    @Test
    void anotherCommunitysWorkerOrAnotherRegionsBureauNeitherRecordsTheHomeNorPrintsTheCode() {
        UUID elder = approvedElder();

        assertThat(issue(elder, OTHER_COMMUNITY).getStatusCode().value()).isEqualTo(404);
        assertThat(issue(elder, JIAYUGUAN_ADMIN).getStatusCode().value()).isEqualTo(404);
        assertThat(setHome(elder, OTHER_COMMUNITY, Map.of("latitude", 30.1, "longitude", 114.1))
                .getStatusCode().value()).isEqualTo(404);
        assertThat(issue(elder, TestAuthority.get().token("OPERATOR")).getStatusCode().value()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT door_code_issue FROM elder WHERE elder_id = ?").param(elder)
                .query(Integer.class).single()).isZero();
        assertThat(homes.home(elder)).isEmpty();
    }

    private ResponseEntity<byte[]> issue(UUID elder, String token) {
        return http.post().uri("/elders/{id}/door-code", elder).headers(h -> h.setBearerAuth(token)).retrieve()
                .toEntity(byte[].class);
    }

    private ResponseEntity<Map<String, Object>> setHome(UUID elder, String token, Map<String, Object> position) {
        return http.put().uri("/elders/{id}/home", elder).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).body(position).retrieve()
                .toEntity(new org.springframework.core.ParameterizedTypeReference<>() { });
    }

    private UUID approvedElder() {
        UUID elder = UUID.randomUUID();
        EventProbe.publish("eldercare.eligibility.events", "eligibility-service", new ApplicationApproved(
                UUID.randomUUID(), elder, "HUANGPI-2020", "HP-DIBAO", "HP-QIANCHUAN-01", LocalDate.of(2024, 5, 1),
                Instant.now()));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM elder WHERE elder_id = ?")
                .param(elder).query(Long.class).single() == 1);
        return elder;
    }

    /**
     * What a phone's scanner reads from the printed code, held straight on (the finder-pattern search alone misread
     * about one synthetic code in forty: a flaky test, and the benchmark's phone stand-in, found it).
     */
    static String scan(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    @org.junit.jupiter.api.Test
    void everyPrintedDoorCodeReadsBackAsIssued() throws Exception {
        DoorTokens tokens = new DoorTokens(new byte[32]);
        for (int issue = 1; issue <= 200; issue++) {
            String code = tokens.issue(java.util.UUID.randomUUID(), issue);

            org.assertj.core.api.Assertions.assertThat(scan(DoorCodeImage.png(code, 400))).isEqualTo(code);
        }
    }
}
