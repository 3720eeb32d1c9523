package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import io.micronaut.json.tree.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON tree against the Java types of a request record before it is bound, so that
 * nothing is coerced: the serializer would otherwise read {@code 12} into a string,
 * {@code 1.5} into an integer, or {@code [1]} into a string. Nulls and absent fields pass
 * (the record's constraints decide), except inside arrays, which never hold nulls. An
 * {@link Object} slot (a configuration value) takes a string, a boolean or a whole number.
 * Stateless.
 */
final class JsonShapes {
    /** {@link Class#getRecordComponents} copies its answer each time; bodies of 10,000 records ask often. */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private JsonShapes() {
    }

    /** The components of a record class, cached. */
    static RecordComponent[] components(Class<?> recordType) {
        return COMPONENTS.get(recordType);
    }

    /** @throws ApiException {@code INVALID_REQUEST} naming the first field whose JSON type does not fit */
    static void check(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            require(node.isString(), path, "must be a string");
        } else if (raw == Integer.class || raw == int.class) {
            require(isWholeNumber(node, Integer.MIN_VALUE, Integer.MAX_VALUE), path, "must be a whole number");
        } else if (raw == Long.class || raw == long.class) {
            require(isWholeNumber(node, Long.MIN_VALUE, Long.MAX_VALUE), path, "must be a whole number");
        } else if (raw == Boolean.class || raw == boolean.class) {
            require(node.isBoolean(), path, "must be true or false");
        } else if (raw == Object.class) {
            require(node.isString() || node.isBoolean() || isWholeNumber(node, Long.MIN_VALUE, Long.MAX_VALUE), path,
                    "must be a string, a whole number or a boolean");
        } else if (List.class.isAssignableFrom(raw)) {
            require(node.isArray(), path, "must be a JSON array");
            Type element = typeArgument(type, 0);
            int i = 0;
            for (JsonNode item : node.values()) {
                String at = path + "[" + i++ + "]";
                require(!item.isNull(), at, "must not be null");
                check(item, element, at);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            require(node.isObject(), path, "must be a JSON object");
            Type value = typeArgument(type, 1);
            for (Map.Entry<String, JsonNode> e : node.entries()) {
                check(e.getValue(), value, path + "." + e.getKey());
            }
        } else if (raw.isRecord()) {
            require(node.isObject(), path, "must be a JSON object");
            for (RecordComponent c : components(raw)) {
                check(node.get(c.getName()), c.getGenericType(), path.isEmpty() ? c.getName() : path + "." + c.getName());
            }
        } else {
            throw new IllegalArgumentException("No JSON shape for " + type);
        }
    }

    private static void require(boolean ok, String path, String what) {
        if (!ok) {
            throw JsonBodies.invalid(path.isEmpty() ? "The request body " + what + "." : "'" + path + "' " + what + ".");
        }
    }

    private static boolean isWholeNumber(JsonNode node, long min, long max) {
        if (!node.isNumber()) {
            return false;
        }
        Number n = node.getNumberValue();
        if (n instanceof BigInteger big) {
            return big.bitLength() < 64 && big.longValue() >= min && big.longValue() <= max;
        }
        if (!(n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)) {
            return false;
        }
        return n.longValue() >= min && n.longValue() <= max;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        throw new IllegalArgumentException("No JSON shape for " + type);
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
