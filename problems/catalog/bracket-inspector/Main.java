import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /** Returns "OK" if s is balanced, otherwise the 1-based position described in the statement. */
    static String solve(String s) {
        // TODO
        return "OK";
    }

    public static void main(String[] args) throws IOException {
        String s = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
        System.out.println(solve(s));
    }
}
