import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class Main {
    /**
     * Runs the commands (each an array of tokens, e.g. {"PUT", "a", "1"} or {"SIZE"})
     * and returns the lines they print, in order.
     */
    static List<String> solve(int capacity, String[][] commands) {
        // TODO
        return new ArrayList<>();
    }

    public static void main(String[] args) throws IOException {
        String[] lines = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        String[] header = lines[0].trim().split("\\s+");
        int capacity = Integer.parseInt(header[0]);
        int q = Integer.parseInt(header[1]);
        String[][] commands = new String[q][];
        for (int i = 0; i < q; i++) {
            commands[i] = lines[1 + i].trim().split("\\s+");
        }
        List<String> output = solve(capacity, commands);
        if (!output.isEmpty()) {
            System.out.println(String.join("\n", output));
        }
    }
}
