import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /** Returns the number of pairs i < j with prices[i] + prices[j] <= budget. */
    static long solve(long budget, long[] prices) {
        // TODO
        return 0;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        long budget = Long.parseLong(in.nextToken());
        long[] prices = new long[n];
        for (int i = 0; i < n; i++) {
            prices[i] = Long.parseLong(in.nextToken());
        }
        System.out.println(solve(budget, prices));
    }
}
