package io.eldercare.testsupport;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers of one service that other services' tests stand in for, kept once under {@code /contracts}: the consumer
 * stubs serve {@link #response}, and the provider's own test checks that its real answer to {@link #request}
 * holds every field of it ({@link #mismatches}), so a stub cannot drift from the service it replaces.
 */
public final class Contracts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Contracts() {
    }

    /** The names of the contracts kept for a provider, e.g. {@code catalog}. */
    public static List<String> of(String provider) {
        return switch (provider) {
            // the quotes dispatch's own quotes are checked against (the catalog's facts: CatalogFactsTest)
            case "catalog" -> List.of("catalog-quote-HP-HAIRCUT", "catalog-quote-HP-KITCHEN",
                    "catalog-quote-JYG-LUNCH-DELIVERY");
            default -> List.of();
        };
    }

    /**
     * The events of an event contract ({@code {"events":[{"type","version","payload"}]}}), decoded as this build
     * reads them: what consumers' tests publish in the producer's name.
     */
    public static List<DomainEvent> events(String name) {
        EventCodec codec = new EventCodec();
        List<DomainEvent> events = new ArrayList<>();
        for (JsonNode event : read(name).path("events")) {
            events.add(codec.readPayload(event.path("payload"), EventCodec.registeredTypes().get(
                    new EventCodec.TypeKey(event.path("type").asString(), event.path("version").asInt()))));
        }
        return events;
    }

    /** Publishes the events of an event contract as the producer would; consumers' read models apply them. */
    public static void publishEvents(String name, String topic, String producer) {
        events(name).forEach(event -> EventProbe.publish(topic, producer, event));
    }

    /**
     * Where the producer's real events differ from an event contract: every contract event must match some real
     * event of its type and version in every field it names. Empty when the producer honours the contract.
     */
    public static List<String> eventMismatches(String name, List<EventEnvelope> actual) {
        List<String> found = new ArrayList<>();
        for (JsonNode event : read(name).path("events")) {
            String type = event.path("type").asString();
            int version = event.path("version").asInt();
            boolean matched = actual.stream().filter(e -> e.type().equals(type) && e.version() == version)
                    .anyMatch(e -> {
                        List<String> inner = new ArrayList<>();
                        compare("$", event.path("payload"), e.payload(), inner);
                        return inner.isEmpty();
                    });
            if (!matched) {
                found.add(type + ".v" + version + " like " + event.path("payload") + " was not published");
            }
        }
        return found;
    }

    /**
     * The request path (with query) of a contract; {@code {today}} is today in Asia/Shanghai (and in every contract
     * {@code {lastYear}}, {@code {thisYear}}, {@code {tomorrow}}, {@code {contractStart}} and {@code {contractEnd}} are
     * filled in too).
     */
    public static String request(String name) {
        return read(name).path("request").asString()
                .replace("{today}", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
    }

    /** The answer a stub serves, as JSON text. */
    public static String response(String name) {
        return read(name).path("response").toString();
    }

    /** The answer a stub serves, with the contract's {@code {placeholders}} filled in. */
    public static String response(String name, Map<String, ?> values) {
        return fill(response(name), values);
    }

    /** The body the consumer sends (a command's request), with its {@code {placeholders}} filled in. */
    public static String body(String name, Map<String, ?> values) {
        return fill(read(name).path("body").toString(), values);
    }

    /** Where a request body a consumer really sent differs from the contract's (filled in with the values). */
    public static List<String> bodyMismatches(String name, Map<String, ?> values, String actualJson) {
        List<String> found = new ArrayList<>();
        compare("$", JSON.readTree(body(name, values)), JSON.readTree(actualJson), found);
        return found;
    }

    /** {@link #mismatches} for an answer whose contract has placeholders. */
    public static List<String> mismatches(String name, Map<String, ?> values, String actualJson) {
        List<String> found = new ArrayList<>();
        compare("$", JSON.readTree(response(name, values)), JSON.readTree(actualJson), found);
        return found;
    }

    private static String fill(String json, Map<String, ?> values) {
        for (Map.Entry<String, ?> value : values.entrySet()) {
            json = json.replace("{" + value.getKey() + "}", String.valueOf(value.getValue()));
        }
        return json;
    }

    /**
     * Where the real answer differs from the contract: every field of the contract must be in the real answer with
     * the same value (more fields are fine); every element of a contract array must match some element of the real
     * one. Empty when the real answer honours the contract.
     */
    public static List<String> mismatches(String name, String actualJson) {
        List<String> found = new ArrayList<>();
        compare("$", read(name).path("response"), JSON.readTree(actualJson), found);
        return found;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> found) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                found.add(path + " is not an object");
                return;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                JsonNode other = actual.get(field.getKey());
                if (other == null) {
                    found.add(path + "." + field.getKey() + " is missing");
                } else {
                    compare(path + "." + field.getKey(), field.getValue(), other, found);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                found.add(path + " is not an array");
                return;
            }
            for (Iterator<JsonNode> it = expected.iterator(); it.hasNext();) {
                JsonNode element = it.next();
                boolean matched = false;
                for (JsonNode candidate : actual) {
                    List<String> inner = new ArrayList<>();
                    compare(path + "[]", element, candidate, inner);
                    matched |= inner.isEmpty();
                }
                if (!matched) {
                    found.add(path + "[] has no element like " + element);
                }
            }
        } else if (!expected.equals(actual) && !(expected.isNumber() && actual.isNumber()
                && expected.decimalValue().compareTo(actual.decimalValue()) == 0)) {
            found.add(path + " is " + actual + ", the contract says " + expected);
        }
    }

    private static JsonNode read(String name) {
        try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no contract " + name);
            }
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{lastYear}", Integer.toString(today.getYear() - 1))
                    // the local stack's demo contracts: the 11 months before this one and the 12 from it
                    .replace("{contractStart}", today.withDayOfMonth(1).minusMonths(11).toString())
                    .replace("{contractEnd}", today.withDayOfMonth(1).plusMonths(13).minusDays(1).toString())
                    .replace("{tomorrow}", today.plusDays(1).toString())
                    .replace("{thisYear}", Integer.toString(today.getYear())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
