package dev.tributary.benchmarks.cost;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every S3 and DynamoDB call made through the AWS SDK in this JVM, by operation,
 * and sums DynamoDB's consumed capacity. It asks for capacity by setting
 * {@code ReturnConsumedCapacity=TOTAL} on every request that takes it (which changes the
 * answer's size, not its meaning). Transactional writes are the exception: the emulator
 * misreports them, so their units are computed from the request by DynamoDB's rules
 * ({@link DynamoDbItemSize}).
 *
 * <p>Registered for every AWS SDK client in the JVM by the SDK's global-interceptor
 * service file ({@code software/amazon/awssdk/global/handlers/execution.interceptors}),
 * so the storage layer needs no change. The counters are static because the SDK creates
 * the instance. Thread-safe.
 */
public final class AwsRequestCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> TRANSACT_ITEMS = new ConcurrentHashMap<>();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static volatile boolean registered;
    private static final ExecutionAttribute<Double> TRANSACT_WRITE_UNITS = new ExecutionAttribute<>("TransactWriteUnits");

    public AwsRequestCounter() {
        registered = true;
    }

    /** Whether the AWS SDK has loaded this interceptor (the service file was found). */
    public static boolean registered() {
        return registered;
    }

    /** A copy of the counters so far. */
    public static RequestCounts snapshot() {
        Map<String, Long> calls = new java.util.TreeMap<>();
        CALLS.forEach((k, v) -> calls.put(k, v.sum()));
        return new RequestCounts(calls, transactItems(), WRITE_UNITS.sum(), READ_UNITS.sum(), 0);
    }

    private static long transactItems() {
        return TRANSACT_ITEMS.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof TransactWriteItemsRequest t) {
            TRANSACT_ITEMS.computeIfAbsent("TransactWriteItems", k -> new LongAdder()).add(t.transactItems().size());
            attributes.putAttribute(TRANSACT_WRITE_UNITS, DynamoDbItemSize.transactWriteUnits(t));
            return t.returnConsumedCapacity() == null ? t.toBuilder().returnConsumedCapacity(total).build() : t;
        }
        if (r instanceof PutItemRequest p && p.returnConsumedCapacity() == null) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof UpdateItemRequest u && u.returnConsumedCapacity() == null) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof DeleteItemRequest d && d.returnConsumedCapacity() == null) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof GetItemRequest g && g.returnConsumedCapacity() == null) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof QueryRequest q && q.returnConsumedCapacity() == null) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof ScanRequest s && s.returnConsumedCapacity() == null) {
            return s.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof TransactGetItemsRequest tg && tg.returnConsumedCapacity() == null) {
            return tg.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof BatchWriteItemRequest bw && bw.returnConsumedCapacity() == null) {
            return bw.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof BatchGetItemRequest bg && bg.returnConsumedCapacity() == null) {
            return bg.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "");
        SdkResponse r = context.response();
        if (r instanceof TransactWriteItemsResponse) {
            // DynamoDB Local misreports transactions (see DynamoDbItemSize): charge what DynamoDB would.
            Double units = attributes.getAttribute(TRANSACT_WRITE_UNITS);
            WRITE_UNITS.add(units == null ? 0 : units);
        } else if (r instanceof PutItemResponse p) {
            add(p.consumedCapacity(), true);
        } else if (r instanceof UpdateItemResponse u) {
            add(u.consumedCapacity(), true);
        } else if (r instanceof DeleteItemResponse d) {
            add(d.consumedCapacity(), true);
        } else if (r instanceof BatchWriteItemResponse bw) {
            addAll(bw.consumedCapacity(), true);
        } else if (r instanceof GetItemResponse g) {
            add(g.consumedCapacity(), false);
        } else if (r instanceof QueryResponse q) {
            add(q.consumedCapacity(), false);
        } else if (r instanceof ScanResponse s) {
            add(s.consumedCapacity(), false);
        } else if (r instanceof TransactGetItemsResponse tg) {
            addAll(tg.consumedCapacity(), false);
        } else if (r instanceof BatchGetItemResponse bg) {
            addAll(bg.consumedCapacity(), false);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // Failed calls are billed too (a failed conditional write still consumes write units).
        count(attributes, " (failed)");
    }

    private static void count(ExecutionAttributes attributes, String suffix) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        service = "DynamoDb".equalsIgnoreCase(service) ? "DynamoDB" : service;
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(service + " " + operation + suffix, k -> new LongAdder()).increment();
    }

    private static void addAll(List<ConsumedCapacity> capacities, boolean write) {
        if (capacities != null) {
            capacities.forEach(c -> add(c, write));
        }
    }

    private static void add(ConsumedCapacity c, boolean write) {
        if (c == null) {
            return;
        }
        double w = c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits();
        double rd = c.readCapacityUnits() == null ? 0 : c.readCapacityUnits();
        if (w == 0 && rd == 0 && c.capacityUnits() != null) {
            if (write) {
                w = c.capacityUnits();
            } else {
                rd = c.capacityUnits();
            }
        }
        WRITE_UNITS.add(w);
        READ_UNITS.add(rd);
    }
}
