import sys


def solve(n, k, roads):
    # TODO: return the minimum total toll from city 1 to city n using at most k free passes,
    # or -1 if city n cannot be reached. roads is a list of (u, v, w).
    return 0


def main():
    data = sys.stdin.read().split()
    n, m, k = int(data[0]), int(data[1]), int(data[2])
    roads = [(int(data[3 + 3 * i]), int(data[4 + 3 * i]), int(data[5 + 3 * i])) for i in range(m)]
    print(solve(n, k, roads))


if __name__ == "__main__":
    main()
