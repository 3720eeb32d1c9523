package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses request bodies into JSON trees and reads typed fields with precise
 * {@code INVALID_REQUEST} messages, so a malformed body never reaches a service or a 500.
 */
@Singleton
public class JsonBodies {
    /** Rejects duplicate keys while parsing; UTF-8 input is decoded strictly by Jackson's byte parser. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public JsonBodies() {
    }

    /**
     * The body as a JSON object; {@code INVALID_REQUEST} when it is missing, not JSON, not an
     * object, or JSON that a lenient parser would quietly reinterpret: data after the object,
     * a key given twice, a string holding a lone UTF-16 surrogate (which could only be
     * stored as {@code ?}), or bytes that are not UTF-8.
     */
    public JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The request body is empty; a JSON object is expected.");
        }
        JsonNode node;
        try (JsonParser parser = STRICT.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw invalid("The request body must be a JSON object.");
            }
            node = read(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw invalid("The request body holds data after its JSON object (" + trailing.asString() + ").");
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw invalid("The request body is not valid JSON" + location(e) + ".");
        }
        return node;
    }

    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = checkedText(parser.currentName());
                    fields.put(name, read(parser, parser.nextToken()));
                }
                return JsonNode.createObjectNode(fields);
            }
            case START_ARRAY -> {
                List<JsonNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(read(parser, t));
                }
                return JsonNode.createArrayNode(items);
            }
            case VALUE_STRING -> {
                return JsonNode.createStringNode(checkedText(parser.getText()));
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> JsonNode.createNumberNode(parser.getIntValue());
                    case LONG -> JsonNode.createNumberNode(parser.getLongValue());
                    default -> JsonNode.createNumberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return JsonNode.createNumberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return JsonNode.createBooleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return JsonNode.nullNode();
            }
            default -> throw invalid("The request body is not valid JSON: unexpected " + token.asString() + ".");
        }
    }

    private static String checkedText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid("The request body holds a string with a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + "), which is not text.");
            }
        }
        return text;
    }

    /**
     * A decimal number written with ASCII digits only. {@link Long#parseLong} also accepts
     * digits of other scripts (an Arabic-Indic three parses as 3), which no client means to send.
     *
     * @throws NumberFormatException for anything else, or a value outside {@code long}
     */
    public static long parseAsciiLong(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (start == text.length()) {
            throw new NumberFormatException("no digits");
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not an ASCII digit: " + c);
            }
        }
        return Long.parseLong(text);
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
