package io.eldercare.platform.readmodel;

import io.eldercare.events.EventCodec;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.PolicyPublishedV1;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.TypedEventHandler;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's copy of the policy packs, from the catalog's {@code PolicyPublished} v2 events: it answers "which
 * version is in force on day D" itself. Until the copy holds a version for a day, work for that day is refused with
 * a 503 (the catalog's events have not reached this service yet) — never guessed. Import it in a service that
 * subscribes to {@code eldercare.catalog.events}: importing it also migrates its table, {@code policy_pack_copy}, from
 * {@link ReadModelMigrations#LOCATION}.
 */
@Import(ReadModelMigrations.class)
public class PolicyPacks extends TypedEventHandler {

    private static final Logger log = LoggerFactory.getLogger(PolicyPacks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final EventCodec codec;
    /**
     * A published version never changes (the first copy of it is kept, a replay changes nothing), so a parsed one is
     * kept in memory: packs are few, a handful per region.
     */
    private final Map<String, PolicyPublished> parsed = new ConcurrentHashMap<>();

    private final Map<String, String> regions = new ConcurrentHashMap<>();

    public PolicyPacks(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
        on(PolicyPublished.class, this::published);
        on(PolicyPublishedV1.class, PolicyPacks::publishedV1);
    }

    private void published(PolicyPublished pack) {
        jdbc.sql("""
                INSERT INTO policy_pack_copy (policy_code, version, effective_from, pack)
                VALUES (?, ?, ?, CAST(? AS JSONB))
                ON CONFLICT (policy_code, version) DO NOTHING""")
                .params(pack.policyCode(), pack.version(), pack.effectiveFrom(), codec.writePayload(pack))
                .update();
    }

    /** v1 carried part of the rules and no categories; the catalog republishes every version as v2. */
    private static void publishedV1(PolicyPublishedV1 old) {
        log.debug("PolicyPublished v1 of {} version {} superseded by v2", old.policyCode(), old.version());
    }

    /** The version in force on the day, or a 503 while this service has not yet learnt of one. */
    public PolicyPublished inForceOn(String policyCode, LocalDate day) {
        return find(policyCode, day).orElseThrow(() -> Refusal.unavailable("policy-not-known-yet", "Policy not known here yet",
                "This service holds no version of " + policyCode + " in force on " + day + " yet: the catalog's"
                        + " policy events have not reached it. Nothing was changed; try again in a minute."));
    }

    /** The region a policy belongs to (HUANGPI, JIAYUGUAN …), once this service has a version of it. */
    public Optional<String> regionOf(String policyCode) {
        String known = regions.get(policyCode);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> region = jdbc.sql("SELECT pack->>'region' FROM policy_pack_copy WHERE policy_code = ? LIMIT 1")
                .param(policyCode).query(String.class).optional();
        region.ifPresent(r -> regions.put(policyCode, r));
        return region;
    }

    /** The version in force on the day, if this service knows one. */
    public Optional<PolicyPublished> find(String policyCode, LocalDate day) {
        return jdbc.sql("""
                SELECT version FROM policy_pack_copy WHERE policy_code = ? AND effective_from <= ?
                ORDER BY effective_from DESC, version DESC LIMIT 1""")
                .params(policyCode, day).query(Integer.class).optional()
                .map(version -> parsed.computeIfAbsent(key(policyCode, version), k -> load(policyCode, version)));
    }

    private PolicyPublished load(String policyCode, int version) {
        String json = jdbc.sql("SELECT pack::text FROM policy_pack_copy WHERE policy_code = ? AND version = ?")
                .params(policyCode, version).query(String.class).single();
        return codec.readPayload(JSON.readTree(json), PolicyPublished.class);
    }

    private static String key(String policyCode, int version) {
        return policyCode + ":" + version;
    }
}
