import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringTokenizer;

public class Main {
    /** Can k sensors be placed with every two at least gap apart? Greedy from the left. */
    static boolean fits(long[] xs, int k, long gap) {
        int placed = 1;
        long last = xs[0];
        for (int i = 1; i < xs.length && placed < k; i++) {
            if (xs[i] - last >= gap) {
                placed++;
                last = xs[i];
            }
        }
        return placed >= k;
    }

    /** Returns the largest possible minimum distance between k chosen posts. */
    static long solve(int k, long[] positions) {
        long[] xs = positions.clone();
        Arrays.sort(xs);
        // The answer is in [lo, hi]; gap 1 always fits because posts are distinct.
        long lo = 1;
        long hi = xs[xs.length - 1] - xs[0];
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (fits(xs, k, mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        int k = Integer.parseInt(in.nextToken());
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = Long.parseLong(in.nextToken());
        }
        System.out.println(solve(k, positions));
    }
}
