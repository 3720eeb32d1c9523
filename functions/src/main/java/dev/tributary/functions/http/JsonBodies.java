package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses request bodies into JSON trees and reads typed fields with precise
 * {@code INVALID_REQUEST} messages, so a malformed body never reaches a service or a 500.
 */
@Singleton
public class JsonBodies {
    private final JsonMapper mapper;

    public JsonBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON object; {@code INVALID_REQUEST} when it is missing, not JSON or not an object. */
    public JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The request body is empty; a JSON object is expected.");
        }
        JsonNode node;
        try {
            node = mapper.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw invalid("The request body is not valid JSON" + location(e) + ".");
        }
        if (node == null || !node.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        return node;
    }

    public static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }

    /** An optional integer field within {@code [min, max]}. */
    public static Integer optionalInt(JsonNode parent, String field, int min, int max) {
        Long v = optionalLong(parent, field, min, max);
        return v == null ? null : v.intValue();
    }

    /** An optional long field within {@code [min, max]}. */
    public static Long optionalLong(JsonNode parent, String field, long min, long max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !isIntegral(node)) {
            throw invalid("'" + field + "' must be a whole number.");
        }
        long v = node.getLongValue();
        if (v < min || v > max) {
            throw invalid("'" + field + "' must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v;
    }

    /** An optional string field. */
    public static String optionalString(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid("'" + field + "' must be a string.");
        }
        return node.getStringValue();
    }

    /** A JSON object of scalars as a map of strings (numbers and booleans in their JSON text). */
    public static Map<String, String> scalarMap(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw invalid("'" + field + "' must be a JSON object.");
        }
        for (Map.Entry<String, JsonNode> e : node.entries()) {
            JsonNode v = e.getValue();
            if (v.isString()) {
                map.put(e.getKey(), v.getStringValue());
            } else if (v.isNumber()) {
                if (!isIntegral(v)) {
                    throw invalid("'" + field + "." + e.getKey() + "' must be a whole number.");
                }
                map.put(e.getKey(), Long.toString(v.getLongValue()));
            } else if (v.isBoolean()) {
                map.put(e.getKey(), Boolean.toString(v.getBooleanValue()));
            } else {
                throw invalid("'" + field + "." + e.getKey() + "' must be a string or a number.");
            }
        }
        return map;
    }

    static boolean isIntegral(JsonNode node) {
        Number n = node.getNumberValue();
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger && ((java.math.BigInteger) n).bitLength() < 64;
    }

    /**
     * Where the parser stopped, as {@code " (line 1, column 5)"}, or nothing: the parser's own
     * message names its classes and internals, which are no part of the API.
     */
    private static String location(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    && j.getLocation().getLineNr() > 0) {
                return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            }
        }
        return "";
    }
}
