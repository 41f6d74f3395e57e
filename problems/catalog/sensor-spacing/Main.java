import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /** Returns the largest possible minimum distance between k chosen posts. */
    static long solve(int k, long[] positions) {
        // TODO
        return 0;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        int k = Integer.parseInt(in.nextToken());
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = Long.parseLong(in.nextToken());
        }
        System.out.println(solve(k, positions));
    }
}
