import sys


def solve(s):
    # TODO: return "OK" if s is balanced, otherwise the 1-based position described in the statement
    return "OK"


def main():
    s = sys.stdin.read().strip()
    print(solve(s))


if __name__ == "__main__":
    main()
