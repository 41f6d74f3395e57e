import sys


def solve(k, counts):
    # TODO: return (largest total, 1-based start of the earliest stretch with that total)
    return 0, 1


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    counts = [int(x) for x in data[2:2 + n]]
    total, start = solve(k, counts)
    print(f"{total} {start}")


if __name__ == "__main__":
    main()
