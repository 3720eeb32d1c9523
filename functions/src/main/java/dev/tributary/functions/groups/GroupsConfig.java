package dev.tributary.functions.groups;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Consumer-group settings under {@code tributary.groups.*}. Mutable only while Micronaut binds
 * it; treat as read-only.
 */
@ConfigurationProperties("tributary.groups")
public class GroupsConfig {
    /** How often a member in a stable group should heartbeat (capped at a third of its session timeout). */
    private Duration heartbeatInterval = Duration.ofSeconds(3);
    /** How often a member should heartbeat while it has partitions to revoke or to receive. */
    private Duration reconcilingHeartbeatInterval = Duration.ofMillis(500);
    private Duration minSessionTimeout = Duration.ofSeconds(6);
    private Duration maxSessionTimeout = Duration.ofMinutes(5);
    private Duration defaultSessionTimeout = Duration.ofSeconds(45);
    private Duration maxRebalanceTimeout = Duration.ofMinutes(5);
    private Duration defaultRebalanceTimeout = Duration.ofSeconds(60);

    public Duration getHeartbeatInterval() { return heartbeatInterval; }
    public void setHeartbeatInterval(Duration heartbeatInterval) { this.heartbeatInterval = heartbeatInterval; }
    public Duration getReconcilingHeartbeatInterval() { return reconcilingHeartbeatInterval; }
    public void setReconcilingHeartbeatInterval(Duration d) { this.reconcilingHeartbeatInterval = d; }
    public Duration getMinSessionTimeout() { return minSessionTimeout; }
    public void setMinSessionTimeout(Duration minSessionTimeout) { this.minSessionTimeout = minSessionTimeout; }
    public Duration getMaxSessionTimeout() { return maxSessionTimeout; }
    public void setMaxSessionTimeout(Duration maxSessionTimeout) { this.maxSessionTimeout = maxSessionTimeout; }
    public Duration getDefaultSessionTimeout() { return defaultSessionTimeout; }
    public void setDefaultSessionTimeout(Duration defaultSessionTimeout) { this.defaultSessionTimeout = defaultSessionTimeout; }
    public Duration getMaxRebalanceTimeout() { return maxRebalanceTimeout; }
    public void setMaxRebalanceTimeout(Duration maxRebalanceTimeout) { this.maxRebalanceTimeout = maxRebalanceTimeout; }
    public Duration getDefaultRebalanceTimeout() { return defaultRebalanceTimeout; }
    public void setDefaultRebalanceTimeout(Duration defaultRebalanceTimeout) { this.defaultRebalanceTimeout = defaultRebalanceTimeout; }
}
