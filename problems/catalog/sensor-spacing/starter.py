import sys


def solve(k, positions):
    # TODO: return the largest possible minimum distance between k chosen posts
    return 0


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    positions = [int(x) for x in data[2:2 + n]]
    print(solve(k, positions))


if __name__ == "__main__":
    main()
