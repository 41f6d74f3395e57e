import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /**
     * Returns the minimum total toll from city 1 to city n using at most k free passes,
     * or -1 if city n cannot be reached. roads[i] = {u, v, w}.
     */
    static long solve(int n, int k, int[][] roads) {
        // TODO
        return 0;
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
