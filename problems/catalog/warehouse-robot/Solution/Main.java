import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public class Main {
    /** Returns the fewest moves from 'S' to any 'E', or -1 if no dock is reachable. */
    static int solve(char[][] grid) {
        int r = grid.length;
        int c = grid[0].length;
        int[] dist = new int[r * c];
        Arrays.fill(dist, -1);
        int[] queue = new int[r * c]; // cells as i * c + j
        int head = 0;
        int tail = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                if (grid[i][j] == 'S') {
                    dist[i * c + j] = 0;
                    queue[tail++] = i * c + j;
                }
            }
        }
        int[] di = {-1, 1, 0, 0};
        int[] dj = {0, 0, -1, 1};
        while (head < tail) {
            int cell = queue[head++];
            int i = cell / c;
            int j = cell % c;
            if (grid[i][j] == 'E') {
                return dist[cell];
            }
            for (int d = 0; d < 4; d++) {
                int ni = i + di[d];
                int nj = j + dj[d];
                if (ni < 0 || ni >= r || nj < 0 || nj >= c) {
                    continue;
                }
                int next = ni * c + nj;
                if (dist[next] >= 0 || grid[ni][nj] == '#') {
                    continue;
                }
                dist[next] = dist[cell] + 1;
                queue[tail++] = next;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        String[] lines = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        String[] size = lines[0].trim().split("\\s+");
        int r = Integer.parseInt(size[0]);
        char[][] grid = new char[r][];
        for (int i = 0; i < r; i++) {
            grid[i] = lines[1 + i].trim().toCharArray();
        }
        System.out.println(solve(grid));
    }
}
