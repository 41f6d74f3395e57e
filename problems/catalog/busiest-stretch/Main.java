import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /** Returns {largest total, 1-based start of the earliest stretch with that total}. */
    static long[] solve(int k, long[] counts) {
        // TODO
        return new long[] {0, 1};
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
