package dev.tributary.functions.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Chooses the log format for {@code logback.xml}: {@code TRIBUTARY_LOG_FORMAT} (or the system
 * property {@code tributary.log.format}) when set to {@code json} or {@code text}; otherwise
 * {@code json} on AWS Lambda, where CloudWatch Logs Insights reads JSON fields, and
 * {@code text} everywhere else.
 */
public class LogFormat extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        return choose(System.getProperty("tributary.log.format"), System.getenv("TRIBUTARY_LOG_FORMAT"),
                System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null);
    }

    static String choose(String property, String environment, boolean onLambda) {
        for (String v : new String[] {property, environment}) {
            if (v != null && !v.isBlank()) {
                String format = v.trim().toLowerCase(Locale.ROOT);
                if (format.equals("json") || format.equals("text")) {
                    return format;
                }
            }
        }
        return onLambda ? "json" : "text";
    }
}
