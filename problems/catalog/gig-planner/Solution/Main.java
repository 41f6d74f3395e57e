import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.StringTokenizer;

public class Main {
    /** Returns the largest total pay of non-overlapping gigs; gigs[i] = {start, end, pay}. */
    static long solve(long[][] gigs) {
        long[][] sorted = gigs.clone();
        Arrays.sort(sorted, Comparator.comparingLong(g -> g[1]));
        int n = sorted.length;
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            ends[i] = sorted[i][1];
        }
        // best[i]: the largest pay using only the first i gigs in end-time order
        long[] best = new long[n + 1];
        for (int i = 0; i < n; i++) {
            long s = sorted[i][0];
            // j = number of gigs among the first i that end at or before s
            int lo = 0;
            int hi = i;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] <= s) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            best[i + 1] = Math.max(best[i], best[lo] + sorted[i][2]);
        }
        return best[n];
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        long[][] gigs = new long[n][3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                gigs[i][j] = Long.parseLong(in.nextToken());
            }
        }
        System.out.println(solve(gigs));
    }
}
