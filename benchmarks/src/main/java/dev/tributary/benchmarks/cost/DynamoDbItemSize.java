package dev.tributary.benchmarks.cost;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's item-size and transactional write-unit rules, applied to a request, for the
 * calls whose consumed capacity the emulator misreports. DynamoDB Local reports a
 * {@code TransactWriteItems} as 4 units per KB of one item per table, whatever the number of
 * items (1 or 5 small items on one table: 4 units; one 3 KB item: 12), while DynamoDB
 * charges 2 write units per KB (rounded up) of every item in the transaction. Stateless.
 *
 * <p>Sizes follow the developer guide's rules: attribute name bytes plus value bytes;
 * strings and binaries by length, numbers about one byte per two significant digits plus
 * one, booleans and nulls one byte, lists and maps 3 bytes plus one per element.
 * {@code Update}, {@code Delete} and {@code ConditionCheck} actions name a key, not the
 * stored item, whose size the request does not carry: they are counted as one KB (2 units),
 * which holds for every item this project updates, deletes or checks in a transaction.
 */
public final class DynamoDbItemSize {
    private static final int KB = 1024;

    private DynamoDbItemSize() {
    }

    /** Write units DynamoDB charges for a successful {@code TransactWriteItems}. */
    public static double transactWriteUnits(TransactWriteItemsRequest request) {
        double units = 0;
        for (TransactWriteItem item : request.transactItems()) {
            long bytes = item.put() != null ? bytes(item.put().item()) : KB;
            units += 2 * Math.max(1, (bytes + KB - 1) / KB);
        }
        return units;
    }

    /** Size of an item in bytes, as DynamoDB counts it. */
    public static long bytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + bytes(e.getValue());
        }
        return size;
    }

    static long bytes(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(DynamoDbItemSize::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(DynamoDbItemSize::number).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
        }
        if (v.hasL()) {
            List<AttributeValue> list = v.l();
            return 3 + list.size() + list.stream().mapToLong(DynamoDbItemSize::bytes).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().size() + bytes(v.m());
        }
        return 0;
    }

    /** About one byte per two significant digits, plus one. */
    static long number(String n) {
        String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
