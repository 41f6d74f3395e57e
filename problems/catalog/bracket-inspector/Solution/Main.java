import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /** Returns "OK" if s is balanced, otherwise the 1-based position described in the statement. */
    static String solve(String s) {
        int[] stack = new int[s.length()]; // indices of brackets that are still open
        int top = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char opener = switch (ch) {
                case ')' -> '(';
                case ']' -> '[';
                case '}' -> '{';
                case '>' -> '<';
                default -> 0;
            };
            if (opener == 0) {
                stack[top++] = i;
            } else if (top == 0 || s.charAt(stack[top - 1]) != opener) {
                return String.valueOf(i + 1);
            } else {
                top--;
            }
        }
        return top > 0 ? String.valueOf(stack[0] + 1) : "OK";
    }

    public static void main(String[] args) throws IOException {
        String s = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
        System.out.println(solve(s));
    }
}
