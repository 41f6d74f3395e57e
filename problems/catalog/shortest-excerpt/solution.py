import sys


def solve(text, required):
    need = [0] * 26  # how many more of each letter the window still needs (negative: surplus)
    for ch in required:
        need[ord(ch) - 97] += 1
    missing = len(required)
    best_start, best_len = -1, len(text) + 1
    left = 0
    for right, ch in enumerate(text):
        c = ord(ch) - 97
        if need[c] > 0:
            missing -= 1
        need[c] -= 1
        while missing == 0:
            if right - left + 1 < best_len:
                best_start, best_len = left, right - left + 1
            c = ord(text[left]) - 97
            need[c] += 1
            if need[c] > 0:
                missing += 1
            left += 1
    return None if best_start < 0 else (best_start + 1, best_len)


def main():
    lines = sys.stdin.read().split("\n")
    text, required = lines[0].strip(), lines[1].strip()
    answer = solve(text, required)
    if answer is None:
        print("NONE")
    else:
        start, length = answer
        print(f"{start} {length}")


if __name__ == "__main__":
    main()
