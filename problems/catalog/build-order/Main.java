import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /**
     * Returns the lexicographically smallest valid build order, or null if the rules contain a cycle.
     * rules[i] = {a, b} means module a must be built before module b.
     */
    static int[] solve(int n, int[][] rules) {
        // TODO
        return null;
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
