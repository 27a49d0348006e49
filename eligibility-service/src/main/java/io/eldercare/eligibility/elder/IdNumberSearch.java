package io.eldercare.eligibility.elder;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.privacy.BlindIndex;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Looking an elder up by ID number, which is an identity oracle if left open: only the roles that file or review
 * applications may ask, at most so often, and they learn nothing about an elder outside their scope — an elder there
 * answers exactly as an unknown number does. Every refused search is recorded in {@code file_access_denied} (who, role,
 * purpose, why, when, and a keyed hash of the number, never the number), committed even though the request fails.
 */
@Service
public class IdNumberSearch {

    /** Why a search was refused. */
    enum Denial { OUT_OF_SCOPE, UNKNOWN_ID_NUMBER, RATE_LIMITED, ROLE }

    /**
     * Those who file applications (the community worker, the bureau) and the street reviewer, who checks that an
     * applicant has no other file in the street. Not the call centre: region-wide, it would be the widest oracle, and
     * it finds elders by the id they or their order give.
     */
    static final Role[] SEARCHERS = {Role.COMMUNITY_WORKER, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN};

    /** The search was refused because the caller searched too often. */
    static class RateLimited extends RuntimeException {
        private final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("Too many searches by ID number; try again in " + Math.max(1, retryAfter.toSeconds())
                    + " seconds.");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    private final ElderFiles files;
    private final SearchRateLimiter limiter;
    private final BlindIndex index;
    private final JdbcClient jdbc;
    private final Clock clock;

    IdNumberSearch(ElderFiles files, SearchRateLimiter limiter, BlindIndex index, JdbcClient jdbc, Clock clock) {
        this.files = files;
        this.limiter = limiter;
        this.index = index;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The file of the elder with this ID number, read (and logged) as {@link ElderFiles#read} does. */
    public ElderFiles.ElderView search(String idNumber, String purpose) {
        Actor actor = Actor.current();
        if (!actor.is(SEARCHERS)) {
            deny(actor, purpose, Denial.ROLE, idNumber);
            actor.require(SEARCHERS);
        }
        Optional<Duration> wait = limiter.acquire(actor.subject());
        if (wait.isPresent()) {
            deny(actor, purpose, Denial.RATE_LIMITED, idNumber);
            throw new RateLimited(wait.get());
        }
        Optional<ElderFiles.Found> found = files.findByIdNumber(actor, idNumber);
        if (found.isEmpty() || !found.get().inScope()) {
            deny(actor, purpose, found.isEmpty() ? Denial.UNKNOWN_ID_NUMBER : Denial.OUT_OF_SCOPE, idNumber);
            throw notFound();
        }
        try {
            return files.read(found.get().elderId(), purpose);
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.NOT_FOUND) { // moved out of scope in between: answer as for any other
                deny(actor, purpose, Denial.OUT_OF_SCOPE, idNumber);
                throw notFound();
            }
            throw e;
        }
    }

    /** The one answer for a number that is unknown and for one whose elder the caller may not see. */
    static Refusal notFound() {
        return Refusal.notFound("Elder with that ID number", "(not shown)");
    }

    /** Records a refusal in its own transaction (none is open here), so that it stays when the request fails. */
    private void deny(Actor actor, String purpose, Denial reason, String idNumber) {
        jdbc.sql("""
                INSERT INTO file_access_denied (accessor, role, purpose, reason, id_number_hash, denied_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(actor.subject(), actor.role().name(), purpose, reason.name(),
                        idNumber == null ? null : index.ofProbedIdNumber(idNumber), Timestamp.from(clock.instant()))
                .update();
    }
}
