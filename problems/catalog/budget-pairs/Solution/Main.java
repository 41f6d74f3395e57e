import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringTokenizer;

public class Main {
    /** Returns the number of pairs i < j with prices[i] + prices[j] <= budget. */
    static long solve(long budget, long[] prices) {
        long[] p = prices.clone();
        Arrays.sort(p);
        int i = 0;
        int j = p.length - 1;
        long count = 0;
        while (i < j) {
            if (p[i] + p[j] <= budget) {
                // p[i] fits with every item from i+1 up to j.
                count += j - i;
                i++;
            } else {
                j--;
            }
        }
        return count;
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
