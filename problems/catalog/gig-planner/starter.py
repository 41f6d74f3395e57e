import sys


def solve(gigs):
    # TODO: return the largest total pay of non-overlapping gigs; gigs is a list of (start, end, pay)
    return 0


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    gigs = [(int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(n)]
    print(solve(gigs))


if __name__ == "__main__":
    main()
