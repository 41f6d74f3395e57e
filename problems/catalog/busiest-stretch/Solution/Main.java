import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /** Returns {largest total, 1-based start of the earliest stretch with that total}. */
    static long[] solve(int k, long[] counts) {
        long window = 0;
        for (int i = 0; i < k; i++) {
            window += counts[i];
        }
        long best = window;
        long bestStart = 1;
        for (int i = k; i < counts.length; i++) {
            window += counts[i] - counts[i - k];
            if (window > best) { // strict: ties keep the earlier start
                best = window;
                bestStart = i - k + 2;
            }
        }
        return new long[] {best, bestStart};
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        int k = Integer.parseInt(in.nextToken());
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = Long.parseLong(in.nextToken());
        }
        long[] answer = solve(k, counts);
        System.out.println(answer[0] + " " + answer[1]);
    }
}
