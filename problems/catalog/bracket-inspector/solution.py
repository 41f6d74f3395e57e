import sys

OPENER = {")": "(", "]": "[", "}": "{", ">": "<"}


def solve(s):
    stack = []  # indices of brackets that are still open
    for i, ch in enumerate(s):
        if ch in OPENER:
            if not stack or s[stack[-1]] != OPENER[ch]:
                return i + 1
            stack.pop()
        else:
            stack.append(i)
    if stack:
        return stack[0] + 1
    return "OK"


def main():
    s = sys.stdin.read().strip()
    print(solve(s))


if __name__ == "__main__":
    main()
