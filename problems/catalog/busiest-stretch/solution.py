import sys


def solve(k, counts):
    window = sum(counts[:k])
    best, best_start = window, 1
    for i in range(k, len(counts)):
        window += counts[i] - counts[i - k]
        if window > best:  # strict: ties keep the earlier start
            best, best_start = window, i - k + 2
    return best, best_start


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    counts = [int(x) for x in data[2:2 + n]]
    total, start = solve(k, counts)
    print(f"{total} {start}")


if __name__ == "__main__":
    main()
