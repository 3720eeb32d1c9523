package dev.tributary.functions.groups;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.regex.Pattern;

/** Group ids and member ids: 1–249 characters of {@code [a-zA-Z0-9._-]} (Kafka's topic rule; URL-safe). */
final class GroupNames {
    static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private GroupNames() {
    }

    static String validateGroup(String group) {
        return validate(group, "Group id");
    }

    static String validateMember(String memberId) {
        return validate(memberId, "Member id");
    }

    private static String validate(String value, String what) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !LEGAL.matcher(value).matches()
                || value.equals(".") || value.equals("..")) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, what + " '" + value + "' is invalid: it must be 1 to "
                    + MAX_LENGTH + " characters of ASCII letters, digits, '.', '_' and '-' (not '.' or '..').");
        }
        return value;
    }
}
