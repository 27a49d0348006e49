package io.eldercare.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
            case "catalog" -> List.of("catalog-policy-HUANGPI-2020", "catalog-quote-HP-HAIRCUT",
                    "catalog-quote-JYG-LUNCH-DELIVERY", "catalog-provider-serves");
            default -> List.of();
        };
    }

    /** The request path (with query) of a contract; {@code {today}} is today in Asia/Shanghai. */
    public static String request(String name) {
        return read(name).path("request").asString()
                .replace("{today}", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString());
    }

    /** The answer a stub serves, as JSON text. */
    public static String response(String name) {
        return read(name).path("response").toString();
    }

    /**
     * Where the real answer differs from the contract: every field of the contract must be in the real answer with
     * the same value (more fields are fine); every element of a contract array must match some element of the real
     * one. Empty when the real answer honours the contract.
     */
    public static List<String> mismatches(String name, String actualJson) {
        List<String> found = new java.util.ArrayList<>();
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
                    List<String> inner = new java.util.ArrayList<>();
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
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
