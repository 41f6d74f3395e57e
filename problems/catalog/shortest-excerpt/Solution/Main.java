import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /**
     * Returns {1-based start, length} of the shortest, leftmost excerpt of text that contains every
     * letter of required with multiplicity, or null if there is none.
     */
    static int[] solve(String text, String required) {
        int[] need = new int[26]; // how many more of each letter the window still needs
        for (int i = 0; i < required.length(); i++) {
            need[required.charAt(i) - 'a']++;
        }
        int missing = required.length();
        int bestStart = -1;
        int bestLen = text.length() + 1;
        int left = 0;
        for (int right = 0; right < text.length(); right++) {
            int c = text.charAt(right) - 'a';
            if (need[c] > 0) {
                missing--;
            }
            need[c]--;
            while (missing == 0) {
                if (right - left + 1 < bestLen) {
                    bestStart = left;
                    bestLen = right - left + 1;
                }
                int d = text.charAt(left) - 'a';
                need[d]++;
                if (need[d] > 0) {
                    missing++;
                }
                left++;
            }
        }
        return bestStart < 0 ? null : new int[] {bestStart + 1, bestLen};
    }

    public static void main(String[] args) throws IOException {
        String[] lines = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        String text = lines[0].trim();
        String required = lines[1].trim();
        int[] answer = solve(text, required);
        System.out.println(answer == null ? "NONE" : answer[0] + " " + answer[1]);
    }
}
