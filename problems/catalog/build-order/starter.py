import sys


def solve(n, rules):
    # TODO: return the lexicographically smallest valid build order as a list of module numbers,
    # or None if the rules contain a cycle
    return None


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    rules = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
    order = solve(n, rules)
    print("CYCLE" if order is None else " ".join(map(str, order)))


if __name__ == "__main__":
    main()
