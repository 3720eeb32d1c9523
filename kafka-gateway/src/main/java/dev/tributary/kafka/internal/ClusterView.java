package dev.tributary.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Node;

/**
 * What the gateway tells Kafka clients about "brokers": one node per advertised listener
 * (ids 0..n-1), every one an equal, stateless gateway. Partition {@code p} is led by node
 * {@code p % n}, which spreads clients' connections; any node could serve it. Immutable.
 */
public final class ClusterView {
    private final String clusterId;
    private final List<Node> nodes;

    public ClusterView(String clusterId, List<Node> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("At least one advertised listener is needed");
        }
        this.clusterId = clusterId;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * @param listeners {@code host:port} entries; empty means this instance alone, as
     *                  {@code host} and {@code boundPort}
     */
    public static ClusterView of(String clusterId, List<String> listeners, String host, int boundPort) {
        List<Node> nodes = new ArrayList<>();
        if (listeners == null || listeners.isEmpty()) {
            nodes.add(new Node(0, host, boundPort));
        } else {
            for (String listener : listeners) {
                int colon = listener.lastIndexOf(':');
                if (colon <= 0 || colon == listener.length() - 1) {
                    throw new IllegalArgumentException("Advertised listener '" + listener + "' is not host:port");
                }
                int port = Integer.parseInt(listener.substring(colon + 1).trim());
                nodes.add(new Node(nodes.size(), listener.substring(0, colon).trim(), port));
            }
        }
        return new ClusterView(clusterId, nodes);
    }

    public String clusterId() {
        return clusterId;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int controllerId() {
        return nodes.get(0).id();
    }

    public int leaderOf(int partition) {
        return nodes.get(partition % nodes.size()).id();
    }
}
