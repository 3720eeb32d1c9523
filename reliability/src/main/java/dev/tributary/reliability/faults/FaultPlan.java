package dev.tributary.reliability.faults;

import java.time.Duration;

/**
 * How often each storage fault hits a storage call (each rate is a probability per HTTP attempt
 * to S3 or DynamoDB), and how long an injected delay may be. Immutable.
 *
 * @param errorRate the call fails with a 500 before reaching storage (not applied)
 * @param throttleRate the call is throttled before reaching storage: S3 {@code SlowDown} (503),
 *        DynamoDB {@code ProvisionedThroughputExceededException} (400)
 * @param latencyRate the answer is delayed by up to {@code maxLatency} (the call was applied)
 * @param lostResponseRate the call is applied but its answer is lost (a connection reset)
 * @param maxLatency the longest injected delay; past the client's attempt timeout (10 s) a delayed
 *        call becomes an applied call that timed out
 */
public record FaultPlan(double errorRate, double throttleRate, double latencyRate, double lostResponseRate,
                        Duration maxLatency) {
    /** No storage faults. */
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, Duration.ZERO);

    public FaultPlan {
        for (double rate : new double[] {errorRate, throttleRate, latencyRate, lostResponseRate}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("a rate is a probability in [0, 1]: " + rate);
            }
        }
        if (maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must not be negative");
        }
    }

    /** Every fault at {@code rate}, delays up to {@code maxLatency}. */
    public static FaultPlan all(double rate, Duration maxLatency) {
        return new FaultPlan(rate, rate, rate, rate, maxLatency);
    }

    /** As a system-property value: {@code error,throttle,latency,lostResponse,maxLatencyMs}. */
    public String encode() {
        return errorRate + "," + throttleRate + "," + latencyRate + "," + lostResponseRate + "," + maxLatency.toMillis();
    }

    /** Parses {@link #encode()}. */
    public static FaultPlan decode(String s) {
        String[] p = s.split(",");
        if (p.length != 5) {
            throw new IllegalArgumentException("expected error,throttle,latency,lostResponse,maxLatencyMs: " + s);
        }
        return new FaultPlan(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                Double.parseDouble(p[3]), Duration.ofMillis(Long.parseLong(p[4])));
    }
}
