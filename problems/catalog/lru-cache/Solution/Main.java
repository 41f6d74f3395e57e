import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Main {
    /** A node of the usage list; head.next is the most recently used entry, tail.prev the least. */
    static final class Node {
        String key;
        String value;
        Node prev;
        Node next;
    }

    static final class LruCache {
        private final int capacity;
        private final Map<String, Node> index = new HashMap<>();
        private final Node head = new Node();
        private final Node tail = new Node();

        LruCache(int capacity) {
            this.capacity = capacity;
            head.next = tail;
            tail.prev = head;
        }

        private void unlink(Node node) {
            node.prev.next = node.next;
            node.next.prev = node.prev;
        }

        private void pushFront(Node node) {
            node.next = head.next;
            node.prev = head;
            head.next.prev = node;
            head.next = node;
        }

        /** Returns the evicted key, or null. */
        String put(String key, String value) {
            Node node = index.get(key);
            if (node != null) {
                node.value = value;
                unlink(node);
                pushFront(node);
                return null;
            }
            String evicted = null;
            if (index.size() == capacity) {
                Node lru = tail.prev;
                unlink(lru);
                index.remove(lru.key);
                evicted = lru.key;
            }
            node = new Node();
            node.key = key;
            node.value = value;
            index.put(key, node);
            pushFront(node);
            return evicted;
        }

        String get(String key) {
            Node node = index.get(key);
            if (node == null) {
                return null;
            }
            unlink(node);
            pushFront(node);
            return node.value;
        }

        String peek(String key) {
            Node node = index.get(key);
            return node == null ? null : node.value;
        }

        int size() {
            return index.size();
        }
    }

    /**
     * Runs the commands (each an array of tokens, e.g. {"PUT", "a", "1"} or {"SIZE"})
     * and returns the lines they print, in order.
     */
    static List<String> solve(int capacity, String[][] commands) {
        LruCache cache = new LruCache(capacity);
        List<String> out = new ArrayList<>();
        for (String[] cmd : commands) {
            switch (cmd[0]) {
                case "PUT" -> {
                    String evicted = cache.put(cmd[1], cmd[2]);
                    if (evicted != null) {
                        out.add("EVICT " + evicted);
                    }
                }
                case "GET" -> {
                    String value = cache.get(cmd[1]);
                    out.add(value == null ? "MISS" : value);
                }
                case "PEEK" -> {
                    String value = cache.peek(cmd[1]);
                    out.add(value == null ? "MISS" : value);
                }
                case "SIZE" -> out.add(String.valueOf(cache.size()));
                default -> throw new IllegalArgumentException("unknown command " + cmd[0]);
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        String[] lines = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        String[] header = lines[0].trim().split("\\s+");
        int capacity = Integer.parseInt(header[0]);
        int q = Integer.parseInt(header[1]);
        String[][] commands = new String[q][];
        for (int i = 0; i < q; i++) {
            commands[i] = lines[1 + i].trim().split("\\s+");
        }
        List<String> output = solve(capacity, commands);
        if (!output.isEmpty()) {
            System.out.println(String.join("\n", output));
        }
    }
}
