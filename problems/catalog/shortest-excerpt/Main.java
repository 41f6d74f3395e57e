import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /**
     * Returns {1-based start, length} of the shortest, leftmost excerpt of text that contains every
     * letter of required with multiplicity, or null if there is none.
     */
    static int[] solve(String text, String required) {
        // TODO
        return null;
    }

    public static void main(String[] args) throws IOException {
        String[] lines = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        String text = lines[0].trim();
        String required = lines[1].trim();
        int[] answer = solve(text, required);
        System.out.println(answer == null ? "NONE" : answer[0] + " " + answer[1]);
    }
}
