package dev.tributary.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.CorruptSegmentException;
import dev.tributary.client.FencedException;
import dev.tributary.client.OffsetOutOfRangeException;
import dev.tributary.client.RecordTooLargeException;
import dev.tributary.client.ServiceUnavailableException;
import dev.tributary.client.ThrottledException;
import dev.tributary.client.TopicNotFoundException;
import dev.tributary.client.TributaryException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    private static JsonNode problem(String json) throws Exception {
        return ServiceClient.mapper().readTree(json);
    }

    @Test
    void fromProblem_mapsErrorCodesToTypedExceptions() throws Exception {
        assertThat(Errors.fromProblem(404, problem("{\"errorCode\":\"TOPIC_NOT_FOUND\",\"detail\":\"no t\"}"), null))
                .isInstanceOf(TopicNotFoundException.class).hasMessageContaining("no t");
        assertThat(Errors.fromProblem(413, problem("{\"errorCode\":\"RECORD_TOO_LARGE\"}"), null))
                .isInstanceOf(RecordTooLargeException.class);
        assertThat(Errors.fromProblem(409, problem("{\"errorCode\":\"PRODUCER_FENCED\"}"), null))
                .isInstanceOf(FencedException.class);
        assertThat(Errors.fromProblem(400, problem("{\"errorCode\":\"CORRUPT_BATCH\"}"), null))
                .isInstanceOf(CorruptSegmentException.class);
        TributaryException throttled = Errors.fromProblem(429, problem("{\"errorCode\":\"THROTTLED\"}"),
                Duration.ofSeconds(2));
        assertThat(throttled).isInstanceOf(ThrottledException.class);
        assertThat(throttled.retriable()).isTrue();
        assertThat(((ThrottledException) throttled).retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Errors.fromProblem(503, problem("{\"errorCode\":\"STORAGE_UNAVAILABLE\"}"), null))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void fromProblem_offsetOutOfRange_carriesTheValidRange() throws Exception {
        TributaryException e = Errors.fromProblem(416,
                problem("{\"errorCode\":\"OFFSET_OUT_OF_RANGE\",\"earliestOffset\":5,\"latestOffset\":9}"), null);
        assertThat(e).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(((OffsetOutOfRangeException) e).earliestOffset()).isEqualTo(5);
        assertThat(((OffsetOutOfRangeException) e).latestOffset()).isEqualTo(9);
    }

    @Test
    void fromProblem_withoutProblemBody_usesTheStatus() {
        assertThat(Errors.fromProblem(502, null, null).retriable()).isTrue();
        assertThat(Errors.fromProblem(400, null, null).retriable()).isFalse();
    }

    @Test
    void parseRetryAfter_readsSeconds() {
        assertThat(Errors.parseRetryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Errors.parseRetryAfter("soon")).isNull();
    }
}
