package dev.tributary.kafka;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** A bare socket speaking Kafka frames, for sending what no well-behaved client would. */
final class RawKafkaConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    RawKafkaConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Frames {@code payload} with its size and sends it. */
    void sendFrame(byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload);
        out.write(frame.array());
        out.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The request serialized with its header, unframed. */
    byte[] serialize(AbstractRequest request) {
        RequestHeader header = header(request);
        ByteBuffer buf = request.serializeWithHeader(header);
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }

    RequestHeader header(AbstractRequest request) {
        return new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
    }

    @SuppressWarnings("unchecked")
    <T extends AbstractResponse> T call(AbstractRequest request) throws IOException {
        RequestHeader header = header(request);
        ByteBuffer buf = request.serializeWithHeader(header);
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        sendFrame(bytes);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(readFrame()), header);
    }

    byte[] readFrame() throws IOException {
        int size = in.readInt();
        byte[] payload = new byte[size];
        in.readFully(payload);
        return payload;
    }

    /** True when the server closed the connection (rather than answering or hanging). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    ApiVersionsResponse apiVersions() throws IOException {
        return call(new ApiVersionsRequest(new ApiVersionsRequestData().setClientSoftwareName("raw")
                .setClientSoftwareVersion("1"), ApiKeys.API_VERSIONS.latestVersion()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
