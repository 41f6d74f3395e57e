import sys


def solve(badges):
    # TODO: return (badge, position) of the first scan whose badge was seen before,
    # with 1-based position, or None when no badge repeats
    return None


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    badges = data[1:1 + n]
    answer = solve(badges)
    if answer is None:
        print("NONE")
    else:
        badge, position = answer
        print(f"{badge} {position}")


if __name__ == "__main__":
    main()
