import sys


def solve(grid):
    # TODO: return the fewest moves from 'S' to any 'E', or -1 if no dock is reachable
    return 0


def main():
    lines = sys.stdin.read().split("\n")
    r, c = map(int, lines[0].split())
    grid = [lines[1 + i].strip() for i in range(r)]
    print(solve(grid))


if __name__ == "__main__":
    main()
