package dev.tributary.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void forStatus_givesEveryCodeWhoseStatusIsItsOwnBack() {
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 416, 429, 503}) {
            assertThat(ErrorCode.forStatus(status).httpStatus()).as("status %d", status).isEqualTo(status);
        }
    }

    @Test
    void forStatus_mapsGatewayAndUnknownStatuses() {
        assertThat(ErrorCode.forStatus(502)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(504)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forStatus(500)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.forStatus(501).retriable()).isTrue();
    }
}
