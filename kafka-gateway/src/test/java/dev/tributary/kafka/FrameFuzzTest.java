package dev.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * Random and mutated frames: every one is answered or the connection is closed (never a
 * hang), the server keeps serving fresh connections, and the log changes only by whole
 * batches (a mutation the CRC does not cover may still be a valid batch).
 */
class FrameFuzzTest {
    private static final GatewayStack STACK = GatewayStack.shared();
    private static String topic;
    private static byte[] produceFrame;
    private static byte[] metadataFrame;

    @BeforeContainer
    static void setUp() throws Exception {
        topic = GatewayStack.uniqueTopic();
        try (Admin admin = KafkaClientsTest.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (RawKafkaConnection c = BadInputTest.connect()) {
            produceFrame = c.serialize(BadInputTest.produce(topic, 0, BadInputTest.records("a", "b", "c")));
            metadataFrame = c.serialize(new MetadataRequest.Builder(new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)))).build((short) 12));
        }
    }

    @AfterContainer
    static void serverStillServes() throws Exception {
        BadInputTest.assertServerStillServes();
        assertThat(BadInputTest.highWatermark(topic) % 3).isZero();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        Arbitrary<byte[]> mutatedProduce = mutations(produceFrame);
        Arbitrary<byte[]> mutatedMetadata = mutations(metadataFrame);
        return Arbitraries.oneOf(random, mutatedProduce, mutatedMetadata);
    }

    private static Arbitrary<byte[]> mutations(byte[] valid) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, valid.length - 1);
        Arbitrary<Byte> value = Arbitraries.bytes();
        Arbitrary<byte[]> flipped = Combinators.combine(position.list().ofMinSize(1).ofMaxSize(4), value)
                .as((positions, v) -> {
                    byte[] copy = valid.clone();
                    for (int p : positions) {
                        copy[p] = (byte) (copy[p] ^ (v == 0 ? 1 : v));
                    }
                    return copy;
                });
        Arbitrary<byte[]> truncated = position.map(n -> Arrays.copyOf(valid, n));
        return Arbitraries.oneOf(flipped, truncated);
    }

    @Property(tries = 150)
    void anyFrame_isAnsweredOrClosed_neverHangsOrBreaksTheServer(@ForAll("frames") byte[] frame) throws Exception {
        long before = BadInputTest.highWatermark(topic);
        try (RawKafkaConnection c = BadInputTest.connect()) {
            c.sendFrame(frame);
            try {
                byte[] response = c.readFrame();
                assertThat(response.length).isGreaterThanOrEqualTo(4);
                ByteBuffer.wrap(response).getInt();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer and no close within 10 s", e);
            } catch (IOException closed) {
                // A clean close is the answer to an unparseable frame.
            }
        }
        long after = BadInputTest.highWatermark(topic);
        assertThat(after - before).isIn(0L, 3L);
    }
}
