package dev.tributary.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.client.Header;
import dev.tributary.client.consumer.ConsumerRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How {@code consume} prints a record: {@code text} (key TAB value, or the value alone),
 * {@code json} (one object per line), or a kcat-style format string:
 * <pre>
 *   %t topic   %p partition   %o offset   %T timestamp (epoch ms)
 *   %k key     %s value       %K key length   %S value length (bytes, -1 when null)
 *   %h headers as k=v,k=v     %%  a percent sign      \n \t \\  newline, tab, backslash
 * </pre>
 * As in kcat, a format string adds no newline of its own. Immutable and thread-safe.
 */
final class RecordFormat {
    private static final JsonFactory JSON = new JsonFactory();

    private final List<Function<ConsumerRecord<String, String>, String>> parts;

    private RecordFormat(List<Function<ConsumerRecord<String, String>, String>> parts) {
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException when a format string holds an unknown {@code %} or
     *         {@code \} sequence
     */
    static RecordFormat parse(String spec) {
        if (spec == null || spec.equals("text")) {
            return new RecordFormat(List.of(r -> (r.key() == null ? r.value() : r.key() + "\t" + r.value()) + "\n"));
        }
        if (spec.equals("json")) {
            return new RecordFormat(List.of(r -> json(r) + "\n"));
        }
        if (!spec.contains("%")) {
            throw new IllegalArgumentException("--format must be text, json, or a format string with %-fields "
                    + "(%t %p %o %T %k %s %K %S %h), not '" + spec + "'");
        }
        List<Function<ConsumerRecord<String, String>, String>> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%' && c != '\\') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw new IllegalArgumentException("--format ends with a lone '" + c + "'");
            }
            char n = spec.charAt(++i);
            if (c == '\\') {
                literal.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("--format has an unknown escape '\\" + n + "'");
                });
                continue;
            }
            if (n == '%') {
                literal.append('%');
                continue;
            }
            Function<ConsumerRecord<String, String>, String> field = field(n);
            if (literal.length() > 0) {
                String text = literal.toString();
                parts.add(r -> text);
                literal.setLength(0);
            }
            parts.add(field);
        }
        if (literal.length() > 0) {
            String text = literal.toString();
            parts.add(r -> text);
        }
        return new RecordFormat(List.copyOf(parts));
    }

    private static Function<ConsumerRecord<String, String>, String> field(char c) {
        return switch (c) {
            case 't' -> ConsumerRecord::topic;
            case 'p' -> r -> Integer.toString(r.partition());
            case 'o' -> r -> Long.toString(r.offset());
            case 'T' -> r -> Long.toString(r.timestamp());
            case 'k' -> r -> r.key() == null ? "" : r.key();
            case 's' -> r -> r.value() == null ? "" : r.value();
            case 'K' -> r -> Integer.toString(length(r.key()));
            case 'S' -> r -> Integer.toString(length(r.value()));
            case 'h' -> RecordFormat::headers;
            default -> throw new IllegalArgumentException("--format has an unknown field '%" + c
                    + "'; known: %t %p %o %T %k %s %K %S %h %%");
        };
    }

    String apply(ConsumerRecord<String, String> record) {
        StringBuilder out = new StringBuilder();
        for (Function<ConsumerRecord<String, String>, String> part : parts) {
            out.append(part.apply(record));
        }
        return out.toString();
    }

    private static int length(String s) {
        return s == null ? -1 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String headers(ConsumerRecord<String, String> r) {
        StringBuilder b = new StringBuilder();
        for (Header h : r.headers()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(h.key()).append('=').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String json(ConsumerRecord<String, String> r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("topic", r.topic());
            g.writeNumberField("partition", r.partition());
            g.writeNumberField("offset", r.offset());
            g.writeNumberField("timestamp", r.timestamp());
            g.writeStringField("key", r.key());
            g.writeStringField("value", r.value());
            g.writeObjectFieldStart("headers");
            for (Header h : r.headers()) {
                g.writeStringField(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
