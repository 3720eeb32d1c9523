package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tributary.functions.config.TributaryConfig;
import dev.tributary.localstack.InfraTemplate;
import dev.tributary.localstack.TableSpec;
import dev.tributary.storage.DynamoDbTables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The deployment template and the code agree: table names and keys are the ones the storage
 * layer uses, every variable the functions read is set by the template, the handlers it
 * names exist, the artifact it deploys is the one the build makes, and its IAM policies
 * reach only the template's own tables and bucket.
 */
class TemplateMatchesCodeTest {
    private static final InfraTemplate TEMPLATE = InfraTemplate.load();
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    /** Set by the template for features not wired yet; listed so a new unread variable stands out. */
    private static final Set<String> RESERVED_VARIABLES = Set.of("TRIBUTARY_DEFAULT_RETENTION_MS");

    private static Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        for (String id : TEMPLATE.resourceIds()) {
            if (SERVERLESS_FUNCTION.equals(TEMPLATE.resource(id).get("Type"))) {
                functions.put(id, props(TEMPLATE.resource(id)));
            }
        }
        assertThat(functions).containsKeys("ApiFunction", "MaintenanceFunction");
        return functions;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    @Test
    void tables_haveTheNamesAndKeysTheStorageLayerUses() {
        String prefix = "acme-prod";
        DynamoDbTables code = DynamoDbTables.withPrefix(prefix);
        Map<String, List<String>> expectedKeys = new HashMap<>();
        expectedKeys.put(code.topics(), List.of(DynamoDbTables.TOPICS_PK));
        expectedKeys.put(code.partitions(), List.of(DynamoDbTables.PARTITIONS_PK, DynamoDbTables.PARTITIONS_SK));
        expectedKeys.put(code.batches(), List.of(DynamoDbTables.BATCHES_PK, DynamoDbTables.BATCHES_SK));
        expectedKeys.put(code.segments(), List.of(DynamoDbTables.SEGMENTS_PK));
        expectedKeys.put(code.producers(), List.of(DynamoDbTables.PRODUCERS_PK, DynamoDbTables.PRODUCERS_SK));
        expectedKeys.put(code.leases(), List.of(DynamoDbTables.LEASES_PK));
        expectedKeys.put(code.groups(), List.of(DynamoDbTables.GROUPS_PK, DynamoDbTables.GROUPS_SK));
        expectedKeys.put(code.log(), List.of(DynamoDbTables.LOG_PK, DynamoDbTables.LOG_SK));
        expectedKeys.put(code.security(), List.of(DynamoDbTables.SECURITY_PK, DynamoDbTables.SECURITY_SK));

        Map<String, List<String>> templateKeys = new HashMap<>();
        for (TableSpec table : TEMPLATE.tables(prefix)) {
            templateKeys.put(table.tableName(), table.keys().stream().map(TableSpec.KeyAttribute::name).toList());
        }
        assertThat(templateKeys).isEqualTo(expectedKeys);

        // Number-typed sort keys are queried with numeric conditions (baseOffset <= N).
        TableSpec batches = TEMPLATE.tables(prefix).stream().filter(t -> t.tableName().equals(code.batches())).findFirst().orElseThrow();
        assertThat(batches.rangeKey().type()).isEqualTo(TableSpec.AttributeType.N);
        TableSpec partitions = TEMPLATE.tables(prefix).stream().filter(t -> t.tableName().equals(code.partitions())).findFirst().orElseThrow();
        assertThat(partitions.rangeKey().type()).isEqualTo(TableSpec.AttributeType.N);
        TableSpec log = TEMPLATE.tables(prefix).stream().filter(t -> t.tableName().equals(code.log())).findFirst().orElseThrow();
        assertThat(log.rangeKey().type()).isEqualTo(TableSpec.AttributeType.N);
    }

    @Test
    void everyVariableTheFunctionsRead_isSetByTheTemplate() throws IOException {
        Set<String> read = new LinkedHashSet<>();
        String lambdaConfig;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application-lambda.yml")) {
            assertThat(in).as("application-lambda.yml on the class path").isNotNull();
            lambdaConfig = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(lambdaConfig);
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).contains("TRIBUTARY_BUCKET", "TRIBUTARY_NAME_PREFIX", "TRIBUTARY_REGION");

        functions().forEach((id, function) -> {
            Map<String, Object> vars = variables(function);
            assertThat(vars.keySet()).as(id + " environment").containsAll(read);
            assertThat(vars.get("MICRONAUT_ENVIRONMENTS")).as(id + " activates application-lambda.yml").isEqualTo("lambda");
            Set<String> unread = new LinkedHashSet<>(vars.keySet());
            unread.removeAll(read);
            unread.remove("MICRONAUT_ENVIRONMENTS");
            assertThat(unread).as(id + ": variables set but never read").isSubsetOf(RESERVED_VARIABLES);
        });
    }

    @Test
    void theTemplatesVariables_configureTheStorage() {
        Map<String, Object> vars = Map.of("TRIBUTARY_NAME_PREFIX", "acme-prod", "TRIBUTARY_BUCKET", "acme-segments-123",
                "TRIBUTARY_REGION", "eu-west-1");
        try (ApplicationContext context = ApplicationContext.builder().environments("lambda").properties(vars)
                .eagerInitSingletons(false).build().start()) {
            TributaryConfig.StorageConfig storage = context.getBean(TributaryConfig.class).getStorage();
            assertThat(storage.getMode()).isEqualTo("aws");
            assertThat(storage.getNamePrefix()).isEqualTo("acme-prod");
            assertThat(storage.getBucket()).isEqualTo("acme-segments-123");
            assertThat(storage.getRegion()).isEqualTo("eu-west-1");
            assertThat(storage.getS3Endpoint()).as("real AWS endpoints on Lambda").isNull();
            assertThat(storage.getAccessKeyId()).as("the function's role, not static keys").isNull();
        }
    }

    @Test
    void handlersNamedByTheTemplate_exist() throws Exception {
        for (Map.Entry<String, Map<String, Object>> e : functions().entrySet()) {
            String handler = (String) e.getValue().get("Handler");
            String[] parts = handler.split("::");
            Class<?> type = Class.forName(parts[0]);
            assertThat(RequestHandler.class).as(e.getKey() + " handler").isAssignableFrom(type);
            assertThat(type.getConstructor()).as(e.getKey() + ": Lambda needs a public no-argument constructor").isNotNull();
            if (parts.length == 2) {
                List<Method> methods = new ArrayList<>();
                for (Method method : type.getMethods()) {
                    if (method.getName().equals(parts[1]) && Modifier.isPublic(method.getModifiers())) {
                        methods.add(method);
                    }
                }
                assertThat(methods).as(handler).isNotEmpty();
            }
            assertThat(e.getValue().get("CodeUri")).as(e.getKey() + " deploys the shaded artifact")
                    .isEqualTo("../functions/target/tributary-lambda.jar");
        }
        assertThat(functions().get("ApiFunction").get("Handler")).isEqualTo(APIGatewayV2HTTPEventFunction.class.getName());
        assertThat(functions().get("MaintenanceFunction").get("Handler"))
                .isEqualTo(dev.tributary.functions.lambda.MaintenanceHandler.class.getName() + "::handleRequest");
    }

    @Test
    @SuppressWarnings("unchecked")
    void iamPolicies_reachOnlyTheTemplatesOwnTablesAndBucket() {
        Set<String> tables = TEMPLATE.tables(TEMPLATE.defaultNamePrefix()).stream().map(TableSpec::logicalId)
                .collect(Collectors.toSet());
        String bucket = TEMPLATE.bucketLogicalId();
        Pattern sub = Pattern.compile("^\\$\\{(\\w+)\\.Arn}(/.*)?$");

        Map<String, Object> resources = (Map<String, Object>) rawTemplate().get("Resources");
        functions().keySet().forEach(id -> {
            Map<String, Object> function = props((Map<String, Object>) resources.get(id));
            Set<String> reached = new LinkedHashSet<>();
            for (Object policy : (List<Object>) function.get("Policies")) {
                assertThat(policy).as(id + ": inline statements only, no managed policies").isInstanceOf(Map.class);
                for (Object s : (List<Object>) ((Map<String, Object>) policy).get("Statement")) {
                    Map<String, Object> statement = (Map<String, Object>) s;
                    assertThat(statement.get("Effect")).isEqualTo("Allow");
                    for (Object action : (List<Object>) statement.get("Action")) {
                        assertThat(action.toString()).as(id).matches("(dynamodb|s3):[A-Za-z]+");
                    }
                    for (Object resource : (List<Object>) statement.get("Resource")) {
                        assertThat(resource).as(id + ": resources name the template's own, never a literal or '*'")
                                .isInstanceOf(Map.class);
                        Map.Entry<String, Object> intrinsic = ((Map<String, Object>) resource).entrySet().iterator().next();
                        String fn = intrinsic.getKey().replace("Fn::", "");
                        String logicalId;
                        if (fn.equals("GetAtt")) {
                            String arg = intrinsic.getValue() instanceof List<?> l ? l.get(0) + "." + l.get(1)
                                    : intrinsic.getValue().toString();
                            assertThat(arg).endsWith(".Arn");
                            logicalId = arg.substring(0, arg.length() - ".Arn".length());
                        } else {
                            assertThat(fn).isEqualTo("Sub");
                            Matcher m = sub.matcher(intrinsic.getValue().toString());
                            assertThat(m.matches()).as(intrinsic.getValue().toString()).isTrue();
                            logicalId = m.group(1);
                        }
                        assertThat(logicalId).as(id).isIn(concat(tables, bucket));
                        reached.add(logicalId);
                    }
                }
            }
            assertThat(reached).as(id + " can reach every table and the bucket").containsAll(tables).contains(bucket);
        });
    }

    /** The template as plain YAML, short-form intrinsics ({@code !GetAtt x}) read as their long form ({@code {GetAtt: x}}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> rawTemplate() {
        Constructor constructor = new Constructor(new LoaderOptions()) {
            {
                for (String fn : List.of("GetAtt", "Sub", "Ref", "Join", "Select", "If", "Equals", "Not", "GetAZs", "Split")) {
                    yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                        @Override
                        public Object construct(Node node) {
                            Object value = node instanceof ScalarNode scalar ? constructScalar(scalar)
                                    : node instanceof SequenceNode sequence ? constructSequence(sequence)
                                    : constructMapping((org.yaml.snakeyaml.nodes.MappingNode) node);
                            return Map.of(fn, value);
                        }
                    });
                }
            }
        };
        try (InputStream in = TemplateMatchesCodeTest.class.getClassLoader().getResourceAsStream(InfraTemplate.CLASSPATH_LOCATION)) {
            return (Map<String, Object>) new Yaml(constructor).load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> concat(Set<String> tables, String bucket) {
        Set<String> all = new LinkedHashSet<>(tables);
        all.add(bucket);
        return all;
    }
}
