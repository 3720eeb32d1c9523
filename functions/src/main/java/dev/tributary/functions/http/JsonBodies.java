package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads request bodies into the API's typed records ({@code dev.tributary.core.api}) with
 * precise {@code INVALID_REQUEST} messages, so a malformed body never reaches a service or
 * a 500: a strict parse (see {@link #object}), a type check that rules out coercions
 * ({@link JsonShapes}), binding by Micronaut's serializer, then the record's Jakarta
 * Validation constraints, the first violation named in the detail. Thread-safe.
 */
@Singleton
public class JsonBodies {
    /** Rejects duplicate keys while parsing; UTF-8 input is decoded strictly by Jackson's byte parser. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonMapper mapper;
    private final Validator validator;

    public JsonBodies(JsonMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /**
     * The body as a {@code type}, checked against its constraints.
     *
     * @throws ApiException {@code INVALID_REQUEST} for a body {@link #object} refuses, a field of
     *                      the wrong JSON type, or a violated constraint; the detail names the field
     */
    public <T extends Record> T read(byte[] body, Class<T> type) {
        return bind(object(body), type);
    }

    /** Binds a parsed body to {@code type} and checks its constraints. */
    private <T extends Record> T bind(JsonNode node, Class<T> type) {
        JsonShapes.check(node, type, "");
        T value;
        try {
            value = mapper.readValueFromTree(node, Argument.of(type));
        } catch (IOException | RuntimeException e) {
            throw invalid("The request body does not fit " + type.getSimpleName() + ".");
        }
        validate(value, "");
        return value;
    }

    /**
     * Checks a record's constraints, then those of the records in its fields and lists
     * (the cascade is done here: the validator cannot see {@code List<@Valid ...>} on
     * imported types).
     */
    private void validate(Record value, String prefix) {
        validator.validate(value).stream()
                .min(Comparator.comparing((ConstraintViolation<Record> v) -> v.getPropertyPath().toString()))
                .ifPresent(v -> {
                    throw invalid("'" + prefix + v.getPropertyPath() + "' " + v.getMessage() + ".");
                });
        for (RecordComponent c : JsonShapes.components(value.getClass())) {
            Object field;
            try {
                field = c.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (field instanceof Record r) {
                validate(r, prefix + c.getName() + ".");
            } else if (field instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Record r) {
                        validate(r, prefix + c.getName() + "[" + i + "].");
                    }
                }
            }
        }
    }

    /**
     * The body as a JSON object; {@code INVALID_REQUEST} when it is missing, not JSON, not an
     * object, or JSON that a lenient parser would quietly reinterpret: data after the object,
     * a key given twice, a string holding a lone UTF-16 surrogate (which could only be
     * stored as {@code ?}), or bytes that are not UTF-8.
     */
    private static JsonNode object(byte[] body) {
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
