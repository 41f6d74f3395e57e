import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringTokenizer;

public class Main {
    /**
     * Returns the 1-based position of the first scan whose badge was seen before,
     * or -1 when no badge repeats.
     */
    static int solve(String[] badges) {
        // TODO
        return -1;
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        String[] badges = new String[n];
        for (int i = 0; i < n; i++) {
            badges[i] = in.nextToken();
        }
        int position = solve(badges);
        System.out.println(position == -1 ? "NONE" : badges[position - 1] + " " + position);
    }
}
