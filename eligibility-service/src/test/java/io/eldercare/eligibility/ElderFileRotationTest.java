package io.eldercare.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.eligibility.elder.ElderFiles;
import io.eldercare.testsupport.ServiceTest;
import io.eldercare.testsupport.TestAuthority;
import io.eldercare.testsupport.TestIdNumbers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each encrypted value is bound to its table, column and row (AES-GCM associated data), and the rotation re-encrypts
 * in chunks, one transaction each, so that the rest of the table stays writable (issue 10 item 5).
 */
@ServiceTest
class ElderFileRotationTest {

    /** The local key of application.yml, with which values were stored before they were bound to their place. */
    private static final String LOCAL_KEY = "32YnMiE7IZosz3vh0lzYZ/oeqaMRV5njlCwXykKzaDk=";
    private static final List<String> COLUMNS = List.of("name_enc", "id_number_enc", "phone_enc", "address_enc");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ElderFiles files;
    @Autowired
    TransactionTemplate transaction;
    ElderClient client;

    @BeforeEach
    void client() {
        CatalogFacts.awaitCopied(jdbc);
        client = new ElderClient(port);
    }

    @Test
    void aValueCopiedToAnotherRowOrColumnFailsToDecrypt() {
        UUID first = client.apply(TestIdNumbers.next()).elder();
        String secondId = TestIdNumbers.next();
        UUID second = client.apply(secondId).elder();
        Map<String, Object> original = jdbc.sql("SELECT name_enc, id_number_enc FROM elder WHERE id = ?")
                .param(first).query().singleRow();

        jdbc.sql("UPDATE elder SET id_number_enc = (SELECT id_number_enc FROM elder WHERE id = ?) WHERE id = ?")
                .params(second, first).update();
        ResponseEntity<Map<String, Object>> otherRow = client.get("/elders/" + first, ApplicationApprovalTest.WORKER);
        jdbc.sql("UPDATE elder SET id_number_enc = ?, name_enc = ? WHERE id = ?")
                .params(original.get("id_number_enc"), original.get("id_number_enc"), first).update();
        ResponseEntity<Map<String, Object>> otherColumn = client.get("/elders/" + first,
                ApplicationApprovalTest.WORKER);
        jdbc.sql("UPDATE elder SET name_enc = ? WHERE id = ?").params(original.get("name_enc"), first).update();

        assertThat(otherRow.getStatusCode().is5xxServerError()).as("another row's ID number").isTrue();
        assertThat(String.valueOf(otherRow.getBody())).doesNotContain(secondId);
        assertThat(otherColumn.getStatusCode().is5xxServerError()).as("the ID number as the name").isTrue();
        assertThat(client.get("/elders/" + first, ApplicationApprovalTest.WORKER).getBody())
                .containsEntry("name", ElderClient.NAME);
    }

    @Test
    void theRotationRenewsValuesStoredWithoutPlaceChunkByChunkWhileOtherRowsStayWritable() throws Exception {
        String firstId = TestIdNumbers.next();
        String secondId = TestIdNumbers.next();
        UUID a = client.apply(firstId).elder();
        UUID b = client.apply(secondId).elder();
        storeUnbound(a, firstId);
        storeUnbound(b, secondId);
        assertThat(client.get("/elders/" + a, ApplicationApprovalTest.WORKER).getBody())
                .as("a value stored before values were bound to their place is still read")
                .containsEntry("idNumber", firstId).containsEntry("phone", ElderClient.PHONE);
        List<UUID> ordered = jdbc.sql("SELECT id FROM elder WHERE id IN (?, ?) ORDER BY id").params(a, b)
                .query(UUID.class).list();
        UUID locked = ordered.get(0);
        UUID other = ordered.get(1);
        UUID before = jdbc.sql("SELECT id FROM elder WHERE id < ? ORDER BY id DESC LIMIT 1").param(locked)
                .query(UUID.class).optional().orElse(null);

        transaction.executeWithoutResult(status -> {
            assertThat(files.reencryptChunk(before, 1)).containsExactly(locked);
            // while this chunk is open: another stale row is written at once, the chunk's own row is locked
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> jdbc.sql(
                    "UPDATE elder SET phone_enc = ? WHERE id = ?").params(unbound("13800001111"), other).update());
            try {
                assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            } catch (Exception e) {
                throw new AssertionError("a row outside the open chunk could not be written", e);
            }
            CompletableFuture<Void> grab = CompletableFuture.runAsync(() -> jdbc.sql(
                    "SELECT id FROM elder WHERE id = ? FOR UPDATE NOWAIT").param(locked).query(UUID.class).list());
            assertThatThrownBy(() -> grab.get(5, TimeUnit.SECONDS)).as("the chunk's own row is locked until it commits")
                    .hasMessageContaining("lock");
        });

        Map<String, Object> report = client.post("/internal/privacy/reencrypt?chunkSize=2", null,
                TestAuthority.get().token("DISTRICT_ADMIN")).getBody();

        assertThat(report).containsEntry("complete", true);
        assertThat(((Number) report.get("done")).longValue()).isEqualTo(((Number) report.get("files")).longValue());
        for (String column : COLUMNS) {
            assertThat(jdbc.sql("SELECT count(*) FROM elder WHERE " + column + " NOT LIKE 'v2.local-1.%'")
                    .query(Long.class).single()).as(column + ": every value under the current key, bound").isZero();
        }
        assertThat(client.get("/elders/" + locked, ApplicationApprovalTest.WORKER).getBody())
                .containsEntry("idNumber", locked.equals(a) ? firstId : secondId)
                .containsEntry("name", ElderClient.NAME).containsEntry("phone", ElderClient.PHONE);
        assertThat(client.get("/elders/" + other, ApplicationApprovalTest.WORKER).getBody())
                .containsEntry("idNumber", other.equals(a) ? firstId : secondId)
                .containsEntry("phone", "13800001111").containsEntry("address", ElderClient.ADDRESS);
        assertThat(client.post("/internal/privacy/reencrypt", null, TestAuthority.get().token("DISTRICT_ADMIN"))
                .getBody()).as("resumed when done: nothing left").containsEntry("reencrypted", 0)
                .containsEntry("complete", true);
        assertThat(client.post("/internal/privacy/reencrypt", null, ApplicationApprovalTest.WORKER).getStatusCode()
                .value()).isEqualTo(403);
    }

    /** Rewrites a file's values as the platform stored them before: the key id alone as associated data. */
    private void storeUnbound(UUID elder, String idNumber) {
        jdbc.sql("UPDATE elder SET name_enc = ?, id_number_enc = ?, phone_enc = ?, address_enc = ? WHERE id = ?")
                .params(unbound(ElderClient.NAME), unbound(idNumber), unbound(ElderClient.PHONE),
                        unbound(ElderClient.ADDRESS), elder)
                .update();
    }

    private static String unbound(String plaintext) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(LOCAL_KEY), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD("local-1".getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return "v1.local-1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
