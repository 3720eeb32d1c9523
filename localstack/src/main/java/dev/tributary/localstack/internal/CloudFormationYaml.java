package dev.tributary.localstack.internal;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Loads CloudFormation / SAM YAML into plain maps and lists.
 *
 * <p>CloudFormation's short-form intrinsic functions ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) are YAML tags that a standard loader rejects; here any
 * unknown {@code !} tag becomes an {@link Intrinsic} holding the tag and its untagged
 * value, so the caller decides which functions it understands.
 *
 * <p>Stateless and thread-safe; every call uses its own parser.
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    /**
     * A short-form intrinsic function call.
     *
     * @param function the tag, e.g. {@code !Sub}
     * @param argument the tagged value: a string, list or map
     */
    public record Intrinsic(String function, Object argument) {
    }

    /** Parses one YAML document. */
    public static Object load(InputStream in) {
        LoaderOptions options = new LoaderOptions();
        // Templates are small; the limit guards against alias bombs in a hostile file.
        options.setMaxAliasesForCollections(50);
        return new Yaml(new TolerantConstructor(options)).load(in);
    }

    /** Casts a parsed value to a map, naming the element on failure. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + ": expected a mapping but found " + describe(value));
    }

    /** Casts a parsed value to a list, naming the element on failure. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalArgumentException(where + ": expected a sequence but found " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }

    private static final class TolerantConstructor extends SafeConstructor {

        TolerantConstructor(LoaderOptions options) {
            super(options);
            // The null key is snakeyaml's fallback for tags without a constructor.
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return new Intrinsic(node.getTag().getValue(), value);
                }
            });
        }
    }
}
