import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.StringTokenizer;

public class Main {
    /**
     * Returns the minimum total toll from city 1 to city n using at most k free passes,
     * or -1 if city n cannot be reached. roads[i] = {u, v, w}.
     */
    static long solve(int n, int k, int[][] roads) {
        // Compressed adjacency: the roads leaving v are edges start[v] .. start[v+1].
        int[] start = new int[n + 2];
        for (int[] road : roads) {
            start[road[0] + 1]++;
            start[road[1] + 1]++;
        }
        for (int v = 1; v <= n + 1; v++) {
            start[v] += start[v - 1];
        }
        int[] to = new int[2 * roads.length];
        int[] toll = new int[2 * roads.length];
        int[] fill = start.clone();
        for (int[] road : roads) {
            to[fill[road[0]]] = road[1];
            toll[fill[road[0]]++] = road[2];
            to[fill[road[1]]] = road[0];
            toll[fill[road[1]]++] = road[2];
        }

        // State s = p * (n + 1) + v: at city v having used exactly p passes.
        int stride = n + 1;
        long[] dist = new long[(k + 1) * stride];
        Arrays.fill(dist, Long.MAX_VALUE);
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        dist[1] = 0;
        heap.add(new long[] {0, 1});
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            long d = top[0];
            int s = (int) top[1];
            if (d > dist[s]) {
                continue; // stale entry
            }
            int p = s / stride;
            int v = s % stride;
            for (int e = start[v]; e < start[v + 1]; e++) {
                int paid = p * stride + to[e];
                if (d + toll[e] < dist[paid]) {
                    dist[paid] = d + toll[e];
                    heap.add(new long[] {dist[paid], paid});
                }
                if (p < k) {
                    int free = paid + stride;
                    if (d < dist[free]) {
                        dist[free] = d;
                        heap.add(new long[] {d, free});
                    }
                }
            }
        }
        long best = Long.MAX_VALUE;
        for (int p = 0; p <= k; p++) {
            best = Math.min(best, dist[p * stride + n]);
        }
        return best == Long.MAX_VALUE ? -1 : best;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        int m = Integer.parseInt(in.nextToken());
        int k = Integer.parseInt(in.nextToken());
        int[][] roads = new int[m][3];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                roads[i][j] = Integer.parseInt(in.nextToken());
            }
        }
        System.out.println(solve(n, k, roads));
    }
}
