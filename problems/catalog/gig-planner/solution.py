import sys
from bisect import bisect_right


def solve(gigs):
    gigs = sorted(gigs, key=lambda g: g[1])
    ends = [e for _, e, _ in gigs]
    # best[i]: the largest pay using only the first i gigs in end-time order
    best = [0] * (len(gigs) + 1)
    for i, (s, _, p) in enumerate(gigs):
        j = bisect_right(ends, s, 0, i)  # gigs ending at or before s
        best[i + 1] = max(best[i], best[j] + p)
    return best[-1]


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    gigs = [(int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(n)]
    print(solve(gigs))


if __name__ == "__main__":
    main()
