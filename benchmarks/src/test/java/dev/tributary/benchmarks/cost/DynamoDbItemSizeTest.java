package dev.tributary.benchmarks.cost;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbItemSizeTest {

    private static TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName("t").item(item).build()).build();
    }

    @Test
    void bytes_addsNamesAndValues() {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("abc"),                               // 2 + 3
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])), // 1 + 10
                "ok", AttributeValue.fromBool(true),                             // 2 + 1
                "ss", AttributeValue.fromSs(List.of("x", "yz")));                // 2 + 3

        assertThat(DynamoDbItemSize.bytes(item)).isEqualTo(5 + 11 + 3 + 5);
    }

    @Test
    void number_isAboutOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(DynamoDbItemSize.number("7")).isEqualTo(2);
        assertThat(DynamoDbItemSize.number("1234")).isEqualTo(3);
        assertThat(DynamoDbItemSize.number("1000000")).isEqualTo(2);
        assertThat(DynamoDbItemSize.number("-12.345")).isEqualTo(4);
    }

    @Test
    void transactWriteUnits_chargesTwoPerKbOfEveryItem() {
        Map<String, AttributeValue> small = Map.of("k", AttributeValue.fromS("a"));
        Map<String, AttributeValue> threeKb = Map.of("k", AttributeValue.fromS("b"),
                "v", AttributeValue.fromS("x".repeat(2 * 1024 + 10)));
        TransactWriteItem check = TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder().tableName("p").key(small).conditionExpression("x").build()).build();

        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(put(small), put(small), put(threeKb), check).build();

        // 2 + 2 for the small puts, 2 x 3 for the 3 KB one, 2 for the condition check (counted as 1 KB).
        assertThat(DynamoDbItemSize.transactWriteUnits(request)).isEqualTo(2 + 2 + 6 + 2);
    }

    @Test
    void transactWriteUnits_itemOfExactlyOneKb_isOneKb() {
        Map<String, AttributeValue> oneKb = Map.of("v", AttributeValue.fromS("x".repeat(1023)));

        assertThat(DynamoDbItemSize.transactWriteUnits(TransactWriteItemsRequest.builder()
                .transactItems(put(oneKb)).build())).isEqualTo(2);
    }
}
