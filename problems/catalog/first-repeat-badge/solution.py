import sys


def solve(badges):
    seen = set()
    for position, badge in enumerate(badges, start=1):
        if badge in seen:
            return badge, position
        seen.add(badge)
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
