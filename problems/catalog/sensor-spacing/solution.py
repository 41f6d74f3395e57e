import sys


def fits(xs, k, gap):
    """Can k sensors be placed with every two at least `gap` apart? Greedy from the left."""
    placed, last = 1, xs[0]
    for x in xs:
        if x - last >= gap:
            placed += 1
            last = x
            if placed >= k:
                return True
    return placed >= k


def solve(k, positions):
    xs = sorted(positions)
    lo, hi = 1, xs[-1] - xs[0]  # the answer is in [lo, hi]; gap 1 always fits (distinct posts)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(xs, k, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    positions = [int(x) for x in data[2:2 + n]]
    print(solve(k, positions))


if __name__ == "__main__":
    main()
