package io.eldercare.eligibility.application;

import io.eldercare.eligibility.elder.ElderFiles;
import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Filing, noticing, deciding and terminating applications for the caller, within their role and scope; announces
 * ApplicationApproved and ServiceTerminated through the outbox in the transaction that records them.
 */
@Service
public class Applications {

    private final ApplicationRepository applications;
    private final Outbox outbox;
    private final Clock clock;
    private final ElderFiles elders;
    private final PackCategories packs;
    private final TransactionTemplate transaction;

    Applications(ApplicationRepository applications, Outbox outbox, Clock clock, ElderFiles elders,
            PackCategories packs, TransactionTemplate transaction) {
        this.applications = applications;
        this.outbox = outbox;
        this.clock = clock;
        this.elders = elders;
        this.packs = packs;
        this.transaction = transaction;
    }

    /** A new application as the community files it, with the applicant's personal data for their file. */
    public record Filing(String policyCode, String category, String streetCode, String communityCode,
            LocalDate serviceStart, ElderFiles.PersonalData elder, LocalDate noticePostedOn) {
    }

    /**
     * Checks the pack (this service's copy) and the rules first, then opens or finds the elder's file and files the
     * application in one transaction.
     */
    public Application submit(Filing filing, Actor caller) {
        Actor actor = caller.require(Role.COMMUNITY_WORKER, Role.DISTRICT_ADMIN);
        if (actor.is(Role.COMMUNITY_WORKER) && (!filing.communityCode().equals(actor.community())
                || actor.street() != null && !filing.streetCode().equals(actor.street()))) {
            throw Refusal.forbidden("outside-your-scope", "Not your community",
                    "You take applications for community " + actor.community() + " of street " + actor.street()
                            + " only; the street that approves is your own.");
        }
        String region = packs.regionOf(filing.policyCode());
        if (!actor.inRegion(region)) {
            throw Refusal.forbidden("outside-your-region", "Not your region's policy",
                    filing.policyCode() + " is another region's policy; you file applications under your region's ("
                            + actor.region() + ") only.");
        }
        PackCategories.Terms terms = packs.require(filing.policyCode(), filing.category(), filing.serviceStart());
        LocalDate today = LocalDate.now(clock);
        ServiceStartWindow.on(today).requireFiling(filing.serviceStart());
        MinimumAge.require(filing.elder().idNumber(), filing.serviceStart(), terms.category());
        NoticePeriod.requirePostedBy(filing.noticePostedOn(), today);
        return transaction.execute(status -> {
            UUID elderId = elders.register(filing.elder(), filing.streetCode(), filing.communityCode(),
                    region);
            Application filed = new Application(elderId, filing.policyCode(), filing.category(),
                    filing.streetCode(), filing.communityCode(), filing.serviceStart(), clock.instant());
            filed.filedBy(actor.subject());
            filed.noticeRule(terms.publicNoticeDays(), filing.noticePostedOn());
            return applications.save(filed);
        });
    }

    @Transactional(readOnly = true)
    public Application get(UUID id, Actor caller) {
        return visible(id, caller, Role.DISTRICT_ADMIN, Role.AUDITOR, Role.COMMUNITY_WORKER, Role.STREET_REVIEWER);
    }

    /** The community records the day it posted the application publicly (公示). */
    @Transactional
    public Application postedPubliclyOn(UUID id, LocalDate postedOn, Actor caller) {
        Application application = visible(id, caller, Role.COMMUNITY_WORKER, Role.DISTRICT_ADMIN);
        application.postedPubliclyOn(postedOn, LocalDate.now(clock));
        return application;
    }

    /**
     * The street approves, not the person who filed it (four eyes), once the public notice has run, with the service
     * start in its window; a new start given here replaces the filed one and is checked against the pack in force then.
     */
    @Transactional
    public Application approve(UUID id, LocalDate newServiceStart, Actor caller) {
        Application application = visible(id, caller, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        if (caller.subject().equals(application.filedBy())) {
            throw Refusal.forbidden("four-eyes", "Filed by you",
                    "You filed application " + id + "; another person approves it (four eyes).");
        }
        LocalDate today = LocalDate.now(clock);
        application.requireNoticeRunOut(today);
        ServiceStartWindow window = ServiceStartWindow.on(today);
        if (newServiceStart != null) {
            window.requireApproving(newServiceStart);
            packs.require(application.policyCode(), application.category(), newServiceStart);
            application.startOn(newServiceStart);
        } else {
            window.requireApproving(application.serviceStart());
        }
        application.approve(clock.instant());
        outbox.publish(new ApplicationApproved(application.id(), application.elderId(), application.policyCode(),
                application.category(), application.communityCode(), application.serviceStart(),
                application.decidedAt()));
        return application;
    }

    @Transactional
    public Application reject(UUID id, String reason, Actor caller) {
        Application application = visible(id, caller, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        application.reject(clock.instant(), reason);
        return application;
    }

    /**
     * Ends an approved service (the street or the bureau): the wallet closes and its balance expires under the pack's
     * rule, and dispatch cancels the orders from that day.
     */
    @Transactional
    public Application terminate(UUID id, LocalDate terminatedOn, Application.TerminationReason reason,
            Actor caller) {
        Application application = visible(id, caller, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        application.terminate(terminatedOn, reason, LocalDate.now(clock));
        outbox.publish(new ServiceTerminated(application.id(), application.elderId(), application.policyCode(),
                terminatedOn, reason.name(), clock.instant()));
        return application;
    }

    /**
     * The application if the caller's role may act on it and it lies in their scope (a community worker's
     * community, a street reviewer's street); outside the scope it does not exist for them (404).
     */
    private Application visible(UUID id, Actor caller, Role... allowed) {
        Actor actor = caller.require(allowed);
        Application application = applications.findById(id)
                .orElseThrow(() -> Refusal.notFound("Application", id));
        boolean inScope = actor.inRegion(packs.regionOf(application.policyCode())) && switch (actor.role()) {
            case COMMUNITY_WORKER -> application.communityCode().equals(actor.community());
            case STREET_REVIEWER -> application.streetCode().equals(actor.street());
            default -> true;
        };
        if (!inScope) {
            throw Refusal.notFound("Application", id);
        }
        return application;
    }
}
