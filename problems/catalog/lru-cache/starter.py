import sys


def solve(capacity, commands):
    # TODO: run the commands (each a list of tokens, e.g. ["PUT", "a", "1"] or ["SIZE"])
    # and return the lines they print, in order
    return []


def main():
    lines = sys.stdin.read().split("\n")
    capacity, q = map(int, lines[0].split())
    commands = [lines[1 + i].split() for i in range(q)]
    output = solve(capacity, commands)
    if output:
        print("\n".join(output))


if __name__ == "__main__":
    main()
