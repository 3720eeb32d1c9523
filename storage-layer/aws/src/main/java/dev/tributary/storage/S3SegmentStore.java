package dev.tributary.storage;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link SegmentStore} on one S3 bucket. Every PUT carries {@code If-None-Match: *}, so an
 * object is never overwritten even if two writers drew the same key; reads are ranged GETs.
 * Thread-safe (the AWS clients are).
 */
public final class S3SegmentStore implements SegmentStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3SegmentStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            AwsCalls.run("Writing segment " + key, () -> s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*")
                    .contentType("application/octet-stream"), RequestBody.fromBytes(bytes)));
        } catch (ApiException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 412) {
                // The SDK may have retried a PUT whose response was lost: then the object is ours.
                if (java.util.Arrays.equals(read(key, 0, bytes.length), bytes)) {
                    return;
                }
                throw new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
                        "Segment key " + key + " already exists; refusing to overwrite it.", s3e);
            }
            throw e;
        }
    }

    @Override
    public byte[] readAll(String key) {
        try {
            return AwsCalls.call("Reading object " + key, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)))
                    .asByteArrayUnsafe();
        } catch (ApiException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new ApiException(ErrorCode.NOT_FOUND, "Object " + key + " does not exist.", e.getCause());
            }
            throw e;
        }
    }

    @Override
    public byte[] read(String key, long position, int length) {
        if (length == 0) {
            return new byte[0];
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = AwsCalls.call("Reading segment " + key, () -> s3.getObjectAsBytes(r -> r
                    .bucket(bucket).key(key).range(rangeHeader(position, length))));
            byte[] data = bytes.asByteArrayUnsafe();
            if (data.length != length) {
                throw new ApiException(ErrorCode.CORRUPT_BATCH, "Segment " + key + " returned " + data.length
                        + " bytes for a " + length + "-byte range at " + position + ".");
            }
            return data;
        } catch (ApiException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new ApiException(ErrorCode.NOT_FOUND, "Segment object " + key + " does not exist.", e.getCause());
            }
            throw e;
        }
    }

    @Override
    public URI presignGet(String key, Duration ttl) {
        return AwsCalls.call("Presigning " + key, () -> {
            try {
                return presigner.presignGetObject(r -> r.signatureDuration(ttl)
                        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toURI();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public URI presignGetRange(String key, long position, int length, Duration ttl) {
        if (position < 0 || length <= 0) {
            throw new IllegalArgumentException("A presigned range needs position >= 0 and length > 0, got "
                    + position + " and " + length);
        }
        String range = rangeHeader(position, length);
        return AwsCalls.call("Presigning " + key, () -> {
            try {
                return presigner.presignGetObject(r -> r.signatureDuration(ttl)
                        .getObjectRequest(g -> g.bucket(bucket).key(key).range(range))).url().toURI();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The {@code Range} header value for {@code length} bytes at {@code position}. */
    public static String rangeHeader(long position, int length) {
        return "bytes=" + position + "-" + (position + length - 1);
    }

    @Override
    public void delete(String key) {
        AwsCalls.run("Deleting segment " + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    @Override
    public void list(Consumer<StoredObject> sink) {
        AwsCalls.run("Listing segments", () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(SegmentKeys.PREFIX))
                .contents().forEach(o -> sink.accept(new StoredObject(o.key(), o.size(), o.lastModified()))));
    }

    @Override
    public void listUnder(String prefix, Consumer<StoredObject> sink) {
        AwsCalls.run("Listing " + prefix, () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents().forEach(o -> sink.accept(new StoredObject(o.key(), o.size(), o.lastModified()))));
    }
}
