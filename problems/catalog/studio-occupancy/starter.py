import sys


def solve(bookings):
    # TODO: return the busy blocks as a list of (start, end) pairs sorted by start
    return []


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    bookings = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
    blocks = solve(bookings)
    total = sum(end - start for start, end in blocks)
    lines = [f"{len(blocks)} {total}"]
    lines.extend(f"{start} {end}" for start, end in blocks)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
