import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /** Returns the fewest moves from 'S' to any 'E', or -1 if no dock is reachable. */
    static int solve(char[][] grid) {
        // TODO
        return 0;
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
