package io.eldercare.eligibility.elder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Key rotation of the elders' files without a table-wide lock: chunks of files in id order (keyset pagination), each
 * re-encrypted and committed in its own transaction, locking only its rows and skipping rows another transaction
 * holds. A run stops after {@code eldercare.privacy.reencrypt-budget} (20 s) and reports progress; the state is the
 * data itself (a value under the current key bound to its place is done), so calling again resumes, and a row skipped
 * because it was locked is taken by the next run.
 */
@Component
public class Reencryption {

    private static final Logger log = LoggerFactory.getLogger(Reencryption.class);

    /**
     * @param reencrypted files re-encrypted by this run
     * @param files files in all
     * @param done files holding no value left to re-encrypt
     * @param complete whether every file is done
     */
    public record Report(int reencrypted, long files, long done, boolean complete) {
    }

    private final ElderFiles files;
    private final Clock clock;
    private final Duration budget;

    Reencryption(ElderFiles files, Clock clock,
            @Value("${eldercare.privacy.reencrypt-budget:PT20S}") Duration budget) {
        this.files = files;
        this.clock = clock;
        this.budget = budget;
    }

    /** One pass over the files in chunks of {@code chunkSize}, within the time budget. */
    public Report run(int chunkSize) {
        Instant deadline = clock.instant().plus(budget);
        UUID cursor = null;
        int reencrypted = 0;
        while (clock.instant().isBefore(deadline)) {
            List<UUID> chunk = files.reencryptChunk(cursor, chunkSize);
            if (chunk.isEmpty()) {
                break;
            }
            reencrypted += chunk.size();
            cursor = chunk.get(chunk.size() - 1);
            ElderFiles.Progress progress = files.progress();
            log.info("re-encrypted {} elders' files in this run; {} of {} done", reencrypted,
                    progress.files() - progress.stale(), progress.files());
        }
        ElderFiles.Progress progress = files.progress();
        return new Report(reencrypted, progress.files(), progress.files() - progress.stale(), progress.stale() == 0);
    }
}
