import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /** Returns the largest total pay of non-overlapping gigs; gigs[i] = {start, end, pay}. */
    static long solve(long[][] gigs) {
        // TODO
        return 0;
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
