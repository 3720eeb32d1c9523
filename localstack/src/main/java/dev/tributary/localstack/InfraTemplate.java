package dev.tributary.localstack;

import dev.tributary.localstack.TableSpec.AttributeType;
import dev.tributary.localstack.TableSpec.KeyAttribute;
import dev.tributary.localstack.TableSpec.KeyRole;
import dev.tributary.localstack.TableSpec.SecondaryIndex;
import dev.tributary.localstack.internal.CloudFormationYaml;
import dev.tributary.localstack.internal.CloudFormationYaml.Intrinsic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-only view of the deployment template ({@code infra/template.yaml}): the DynamoDB
 * tables and the S3 bucket it declares.
 *
 * <p>The template is the single source of truth for the storage resources; the embedded
 * stack provisions from this view so local mode and tests use exactly the keys that are
 * deployed to AWS. Only the subset of CloudFormation needed for that is interpreted:
 * {@code !Sub}/{@code Fn::Sub} and {@code !Ref}/{@code Ref} of parameters and pseudo
 * parameters in table names. Other intrinsic functions are tolerated and ignored.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class InfraTemplate {

    /** Classpath location of the template, copied there by this module's build. */
    public static final String CLASSPATH_LOCATION = "tributary-infra/template.yaml";

    private static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    private static final String BUCKET_TYPE = "AWS::S3::Bucket";
    private static final String NAME_PREFIX_PARAMETER = "NamePrefix";

    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> resources;

    private InfraTemplate(Map<String, Object> root) {
        this.root = root;
        this.resources = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : CloudFormationYaml.map(root.get("Resources"), "Resources").entrySet()) {
            resources.put(e.getKey(), CloudFormationYaml.map(e.getValue(), e.getKey()));
        }
    }

    /**
     * Loads the template shipped on the classpath.
     *
     * @throws IllegalStateException if the template is not on the classpath
     */
    public static InfraTemplate load() {
        ClassLoader loader = InfraTemplate.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("deployment template not found on the classpath at " + CLASSPATH_LOCATION);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_LOCATION, e);
        }
    }

    /** Loads a template from a file. */
    public static InfraTemplate load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Parses a template; CloudFormation short-form tags such as {@code !Ref} are accepted. */
    public static InfraTemplate parse(InputStream in) {
        Object root = CloudFormationYaml.load(in);
        return new InfraTemplate(CloudFormationYaml.map(root, "template"));
    }

    /** Default value of the {@code NamePrefix} parameter. */
    public String defaultNamePrefix() {
        Object value = parameterDefaults().get(NAME_PREFIX_PARAMETER);
        return value == null ? "tributary" : value.toString();
    }

    /**
     * All tables, in template order, with physical names resolved for a name prefix.
     *
     * @throws IllegalArgumentException if a table declaration is incomplete
     */
    public List<TableSpec> tables(String namePrefix) {
        Objects.requireNonNull(namePrefix, "namePrefix");
        Map<String, Object> parameters = new HashMap<>(parameterDefaults());
        parameters.put(NAME_PREFIX_PARAMETER, namePrefix);
        List<TableSpec> tables = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : resources.entrySet()) {
            if (TABLE_TYPE.equals(e.getValue().get("Type"))) {
                tables.add(table(e.getKey(), CloudFormationYaml.map(e.getValue().get("Properties"), e.getKey()), parameters));
            }
        }
        return List.copyOf(tables);
    }

    /**
     * Physical table names keyed by their suffix after {@code <prefix>-}, e.g.
     * {@code "topics" -> "tributary-topics"}.
     */
    public Map<String, String> tableNamesBySuffix(String namePrefix) {
        Map<String, String> names = new LinkedHashMap<>();
        String start = namePrefix + "-";
        for (TableSpec table : tables(namePrefix)) {
            String suffix = table.tableName().startsWith(start)
                    ? table.tableName().substring(start.length())
                    : table.tableName();
            names.put(suffix, table.tableName());
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * Logical id of the one S3 bucket.
     *
     * @throws IllegalStateException unless the template declares exactly one bucket
     */
    public String bucketLogicalId() {
        List<String> buckets = resources.entrySet().stream()
                .filter(e -> BUCKET_TYPE.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .toList();
        if (buckets.size() != 1) {
            throw new IllegalStateException("expected exactly one " + BUCKET_TYPE + " but found " + buckets);
        }
        return buckets.get(0);
    }

    /** Logical ids of all resources, in template order. */
    public List<String> resourceIds() {
        return List.copyOf(resources.keySet());
    }

    /** The raw declaration of one resource (Type, Properties, ...), or {@code null}. */
    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        return resource == null ? null : Collections.unmodifiableMap(resource);
    }

    private Map<String, Object> parameterDefaults() {
        Map<String, Object> defaults = new HashMap<>();
        Object parameters = root.get("Parameters");
        if (parameters == null) {
            return defaults;
        }
        for (Map.Entry<String, Object> e : CloudFormationYaml.map(parameters, "Parameters").entrySet()) {
            Object value = CloudFormationYaml.map(e.getValue(), e.getKey()).get("Default");
            if (value != null) {
                defaults.put(e.getKey(), value);
            }
        }
        return defaults;
    }

    private static TableSpec table(String logicalId, Map<String, Object> properties, Map<String, Object> parameters) {
        Object rawName = properties.get("TableName");
        if (rawName == null) {
            throw new IllegalArgumentException(logicalId + ": TableName is required so every environment names tables alike");
        }
        String tableName = resolveString(rawName, parameters, logicalId);

        Map<String, AttributeType> types = new HashMap<>();
        for (Object definition : CloudFormationYaml.list(properties.get("AttributeDefinitions"), logicalId + ".AttributeDefinitions")) {
            Map<String, Object> d = CloudFormationYaml.map(definition, logicalId + ".AttributeDefinitions[]");
            types.put(string(d, "AttributeName", logicalId), AttributeType.valueOf(string(d, "AttributeType", logicalId)));
        }
        List<KeyAttribute> keys = keySchema(properties.get("KeySchema"), types, logicalId);

        List<SecondaryIndex> indexes = new ArrayList<>();
        Object rawIndexes = properties.get("GlobalSecondaryIndexes");
        if (rawIndexes != null) {
            for (Object rawIndex : CloudFormationYaml.list(rawIndexes, logicalId + ".GlobalSecondaryIndexes")) {
                Map<String, Object> index = CloudFormationYaml.map(rawIndex, logicalId + ".GlobalSecondaryIndexes[]");
                String indexName = string(index, "IndexName", logicalId);
                Map<String, Object> projection = index.get("Projection") == null
                        ? Map.of()
                        : CloudFormationYaml.map(index.get("Projection"), indexName + ".Projection");
                List<String> nonKey = new ArrayList<>();
                if (projection.get("NonKeyAttributes") != null) {
                    for (Object attribute : CloudFormationYaml.list(projection.get("NonKeyAttributes"), indexName)) {
                        nonKey.add(attribute.toString());
                    }
                }
                indexes.add(new SecondaryIndex(indexName,
                        keySchema(index.get("KeySchema"), types, logicalId + "." + indexName),
                        (String) projection.get("ProjectionType"), nonKey));
            }
        }

        String ttlAttribute = null;
        Object rawTtl = properties.get("TimeToLiveSpecification");
        if (rawTtl != null) {
            Map<String, Object> ttl = CloudFormationYaml.map(rawTtl, logicalId + ".TimeToLiveSpecification");
            if (!Boolean.FALSE.equals(ttl.get("Enabled"))) {
                ttlAttribute = string(ttl, "AttributeName", logicalId);
            }
        }
        return new TableSpec(logicalId, tableName, keys, indexes, ttlAttribute);
    }

    private static List<KeyAttribute> keySchema(Object raw, Map<String, AttributeType> types, String where) {
        List<KeyAttribute> keys = new ArrayList<>();
        for (Object element : CloudFormationYaml.list(raw, where + ".KeySchema")) {
            Map<String, Object> key = CloudFormationYaml.map(element, where + ".KeySchema[]");
            String name = string(key, "AttributeName", where);
            AttributeType type = types.get(name);
            if (type == null) {
                throw new IllegalArgumentException(where + ": key attribute '" + name + "' has no AttributeDefinition");
            }
            keys.add(new KeyAttribute(name, type, KeyRole.valueOf(string(key, "KeyType", where))));
        }
        keys.sort((a, b) -> a.role().compareTo(b.role()));
        return keys;
    }

    private static String string(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + ": " + key + " is required");
        }
        return value.toString();
    }

    private static String resolveString(Object value, Map<String, Object> parameters, String where) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Intrinsic intrinsic) {
            return resolveIntrinsic(intrinsic.function(), intrinsic.argument(), parameters, where);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = only.getKey().toString();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return resolveIntrinsic(key, only.getValue(), parameters, where);
            }
        }
        throw new IllegalArgumentException(where + ": cannot resolve " + value + " to a string");
    }

    private static String resolveIntrinsic(String function, Object argument, Map<String, Object> parameters, String where) {
        switch (function) {
            case "Ref", "!Ref" -> {
                return lookup(argument.toString(), parameters, where);
            }
            case "Fn::Sub", "!Sub" -> {
                if (!(argument instanceof String pattern)) {
                    throw new IllegalArgumentException(where + ": only the one-argument form of Sub is supported");
                }
                StringBuilder out = new StringBuilder();
                int i = 0;
                while (i < pattern.length()) {
                    int start = pattern.indexOf("${", i);
                    if (start < 0) {
                        out.append(pattern, i, pattern.length());
                        break;
                    }
                    int end = pattern.indexOf('}', start);
                    if (end < 0) {
                        throw new IllegalArgumentException(where + ": unterminated ${ in " + pattern);
                    }
                    out.append(pattern, i, start);
                    String name = pattern.substring(start + 2, end);
                    out.append(name.startsWith("!") ? "${" + name.substring(1) + "}" : lookup(name, parameters, where));
                    i = end + 1;
                }
                return out.toString();
            }
            default -> throw new IllegalArgumentException(where + ": unsupported intrinsic " + function + " in a table name");
        }
    }

    private static String lookup(String name, Map<String, Object> parameters, String where) {
        Object value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException(where + ": no value for parameter " + name);
        }
        return value.toString();
    }
}
