import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;

public class Main {
    /** Returns the busy blocks as {start, end} pairs sorted by start. */
    static List<long[]> solve(long[][] bookings) {
        // TODO
        return new ArrayList<>();
    }

    public static void main(String[] args) throws IOException {
        StringTokenizer in = new StringTokenizer(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        int n = Integer.parseInt(in.nextToken());
        long[][] bookings = new long[n][2];
        for (int i = 0; i < n; i++) {
            bookings[i][0] = Long.parseLong(in.nextToken());
            bookings[i][1] = Long.parseLong(in.nextToken());
        }
        List<long[]> blocks = solve(bookings);
        long total = 0;
        StringBuilder body = new StringBuilder();
        for (long[] block : blocks) {
            total += block[1] - block[0];
            body.append(block[0]).append(' ').append(block[1]).append('\n');
        }
        System.out.print(blocks.size() + " " + total + "\n" + body);
    }
}
