package io.eldercare.local;

import io.eldercare.infra.KafkaBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the event backbone: each service writes only its own topic and reads only the topics it
 * subscribes to (the {@code eldercare.messaging} settings of its application.yml, mirrored here and checked against
 * them by a test), plus its own dead-letter topics and consumer groups; the auditors' replay reads every topic and
 * writes none. Nothing else is allowed: the broker refuses, e.g., a {@code MonthClosed} written by the wallet into
 * the settlement topic. Production applies the same ACLs with {@code kafka-acls.sh} (see the README).
 */
public final class KafkaAccess {

    /** The auditors' replay and other read-only readers of the whole log. */
    public static final String AUDITOR = "auditor";

    /** A service's principal (its name), the topic it writes and the topics it reads. */
    public record Principal(String name, String topic, List<String> subscriptions) {

        /** The ACLs of this service: its topic, its subscriptions, its dead-letter topics and its consumer groups. */
        public List<AclBinding> acls() {
            List<AclBinding> acls = new ArrayList<>();
            // KafkaAdmin creates the topic (and may raise its partitions); the relay writes it
            allow(acls, topicNamed(topic), AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER, AclOperation.WRITE);
            for (String subscription : subscriptions) {
                allow(acls, topicNamed(subscription), AclOperation.READ, AclOperation.DESCRIBE);
                // <topic>.<consumer>.dlt, created, written and replayed by this consumer only
                allow(acls, topicNamed(subscription + "." + name + ".dlt"), AclOperation.CREATE, AclOperation.DESCRIBE,
                        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER, AclOperation.WRITE, AclOperation.READ);
            }
            for (String group : List.of(name, name + ".dlt-replay")) {
                allow(acls, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ,
                        AclOperation.DESCRIBE);
            }
            return acls;
        }

        private void allow(List<AclBinding> acls, ResourcePattern resource, AclOperation... operations) {
            for (AclOperation operation : operations) {
                acls.add(new AclBinding(resource, new AccessControlEntry("User:" + name, "*", operation,
                        AclPermissionType.ALLOW)));
            }
        }
    }

    private static final String CATALOG = "eldercare.catalog.events";
    private static final String ELIGIBILITY = "eldercare.eligibility.events";
    private static final String WORKORDER = "eldercare.workorder.events";
    private static final String WALLET = "eldercare.wallet.events";
    private static final String SETTLEMENT = "eldercare.settlement.events";
    private static final String FEEDBACK = "eldercare.feedback.events";

    /** Every service's principal. */
    public static final List<Principal> SERVICES = List.of(
            new Principal("catalog-service", CATALOG, List.of()),
            new Principal("eligibility-service", ELIGIBILITY, List.of(CATALOG)),
            new Principal("workorder-service", WORKORDER, List.of(ELIGIBILITY, CATALOG, WALLET, FEEDBACK)),
            new Principal("wallet-service", WALLET, List.of(ELIGIBILITY, WORKORDER, SETTLEMENT, CATALOG)),
            new Principal("settlement-service", SETTLEMENT, List.of(WORKORDER, WALLET, CATALOG)),
            new Principal("feedback-service", FEEDBACK, List.of(WORKORDER, CATALOG)));

    private KafkaAccess() {
    }

    /** The principal of a service, e.g. {@code wallet-service}. */
    public static Principal of(String service) {
        return SERVICES.stream().filter(p -> p.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka principal for " + service));
    }

    /** The auditor reads every {@code eldercare.} topic without a consumer group and writes nothing. */
    public static List<AclBinding> auditorAcls() {
        ResourcePattern everyTopic = new ResourcePattern(ResourceType.TOPIC, "eldercare.", PatternType.PREFIXED);
        return List.of(AclOperation.READ, AclOperation.DESCRIBE).stream()
                .map(operation -> new AclBinding(everyTopic, new AccessControlEntry("User:" + AUDITOR, "*", operation,
                        AclPermissionType.ALLOW)))
                .toList();
    }

    /**
     * Gives every service and the auditor a SCRAM credential with a new random password and their ACLs on a secured
     * broker; returns each principal's password.
     */
    public static Map<String, String> grant(KafkaBroker broker) {
        Map<String, String> passwords = new LinkedHashMap<>();
        List<AclBinding> acls = new ArrayList<>(auditorAcls());
        for (Principal service : SERVICES) {
            passwords.put(service.name(), KafkaBroker.newPassword());
            acls.addAll(service.acls());
        }
        passwords.put(AUDITOR, KafkaBroker.newPassword());
        passwords.forEach(broker::upsertUser);
        broker.allow(acls);
        return passwords;
    }

    private static ResourcePattern topicNamed(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }
}
