import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringTokenizer;

public class Main {
    /** Returns the busy blocks as {start, end} pairs sorted by start. */
    static List<long[]> solve(long[][] bookings) {
        long[][] sorted = bookings.clone();
        Arrays.sort(sorted, Comparator.comparingLong(b -> b[0]));
        List<long[]> blocks = new ArrayList<>();
        for (long[] booking : sorted) {
            long[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && booking[0] <= last[1]) {
                last[1] = Math.max(last[1], booking[1]);
            } else {
                blocks.add(new long[] {booking[0], booking[1]});
            }
        }
        return blocks;
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
