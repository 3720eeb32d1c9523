package dev.tributary.core.format;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;

/**
 * Raised when stored or submitted bytes (a record batch, a chunk of batches, a
 * segment footer or trailer) fail an integrity or structure check.
 *
 * <p>Readers and validators in this package raise this exception for every kind of
 * damage they detect, so callers never see garbage records or a stray
 * {@code IndexOutOfBoundsException}/{@code BufferUnderflowException} from a damaged
 * object. The code is always {@link ErrorCode#CORRUPT_BATCH}. Immutable once thrown.
 */
public class CorruptSegmentException extends ApiException {

    public CorruptSegmentException(String detail) {
        super(ErrorCode.CORRUPT_BATCH, detail);
    }

    public CorruptSegmentException(String detail, Throwable cause) {
        super(ErrorCode.CORRUPT_BATCH, detail, cause);
    }
}
