package dev.tributary.core;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.regex.Pattern;

/** Kafka's topic-name rule: 1–249 characters of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}. */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {
    }

    /** Returns the name, or throws {@code INVALID_TOPIC_NAME} saying which rule it breaks. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_TOPIC_NAME, "Topic name must not be empty.");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_TOPIC_NAME,
                    "Topic name is " + name.length() + " characters; the limit is " + MAX_LENGTH + ".");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new ApiException(ErrorCode.INVALID_TOPIC_NAME, "Topic name cannot be '.' or '..'.");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new ApiException(ErrorCode.INVALID_TOPIC_NAME,
                    "Topic name '" + name + "' may only contain ASCII letters, digits, '.', '_' and '-'.");
        }
        return name;
    }
}
