package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that sends part of a body and then nothing is cut off by the body deadline
 * (shortened here to one second) instead of holding a connection and a buffer forever,
 * nothing it sent is stored, and only a bounded number of bodies may be arriving at once.
 */
class SlowRequestTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("tributary.http.body-timeout", "1s", "tributary.http.max-unfinished-bodies", 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Socket partialRequest(String topic) throws java.io.IOException {
        String head = "POST /v1/topics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":\"" + topic + "\"";
        Socket socket = new Socket(server.uri().getHost(), server.uri().getPort());
        // A safety net only: the server is expected to answer or close long before this.
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    @Test
    void tooManyUnfinishedBodies_areRefused() throws Exception {
        // Connections are served by several event loops, so which of the three is refused is
        // not fixed: exactly one gets the 503, the other two are cut off by the deadline.
        try (Socket first = partialRequest(TestServer.uniqueTopic());
             Socket second = partialRequest(TestServer.uniqueTopic());
             Socket third = partialRequest(TestServer.uniqueTopic())) {
            List<String> answers = new ArrayList<>();
            for (Socket s : List.of(first, second, third)) {
                answers.add(readUntilClosed(s));
            }
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 503")).hasSize(1)
                    .allSatisfy(a -> assertThat(a).containsIgnoringCase("Retry-After"));
            assertThat(answers).filteredOn(String::isEmpty).hasSize(2);
        }
    }

    private static String readUntilClosed(Socket socket) throws java.io.IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    @Test
    void partialBody_isCutOff_andStoresNothing() throws Exception {
        String topic = TestServer.uniqueTopic();
        try (Socket socket = partialRequest(topic)) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            boolean closed = false;
            try {
                while (in.read(buffer) >= 0) {
                    // Drain whatever the server says before closing (e.g. a 408).
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (java.io.IOException reset) {
                closed = true;
            }
            assertThat(closed).as("the server closed the idle connection").isTrue();
        }
        assertThat(server.get("/v1/topics/" + topic).status()).isEqualTo(404);
    }
}
