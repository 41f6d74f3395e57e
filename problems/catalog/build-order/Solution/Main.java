import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.StringTokenizer;

public class Main {
    /**
     * Returns the lexicographically smallest valid build order, or null if the rules contain a cycle.
     * rules[i] = {a, b} means module a must be built before module b.
     */
    static int[] solve(int n, int[][] rules) {
        // Adjacency lists in compressed form: the modules after v are next[start[v] .. start[v+1]).
        int[] start = new int[n + 2];
        int[] waiting = new int[n + 1]; // unfinished prerequisites per module
        for (int[] rule : rules) {
            start[rule[0] + 1]++;
            waiting[rule[1]]++;
        }
        for (int v = 1; v <= n + 1; v++) {
            start[v] += start[v - 1];
        }
        int[] next = new int[rules.length];
        int[] fill = start.clone();
        for (int[] rule : rules) {
            next[fill[rule[0]]++] = rule[1];
        }

        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int v = 1; v <= n; v++) {
            if (waiting[v] == 0) {
                ready.add(v);
            }
        }
        int[] order = new int[n];
        int built = 0;
        while (!ready.isEmpty()) {
            int v = ready.poll();
            order[built++] = v;
            for (int i = start[v]; i < start[v + 1]; i++) {
                if (--waiting[next[i]] == 0) {
                    ready.add(next[i]);
                }
            }
        }
        return built == n ? order : null;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        int m = Integer.parseInt(in.nextToken());
        int[][] rules = new int[m][2];
        for (int i = 0; i < m; i++) {
            rules[i][0] = Integer.parseInt(in.nextToken());
            rules[i][1] = Integer.parseInt(in.nextToken());
        }
        int[] order = solve(n, rules);
        if (order == null) {
            System.out.println("CYCLE");
            return;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(order[i]);
        }
        System.out.println(out);
    }
}
