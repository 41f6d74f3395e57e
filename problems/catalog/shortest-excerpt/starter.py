import sys


def solve(text, required):
    # TODO: return (1-based start, length) of the shortest, leftmost excerpt of text that contains
    # every letter of required with multiplicity, or None if there is none
    return None


def main():
    lines = sys.stdin.read().split("\n")
    text, required = lines[0].strip(), lines[1].strip()
    answer = solve(text, required)
    if answer is None:
        print("NONE")
    else:
        start, length = answer
        print(f"{start} {length}")


if __name__ == "__main__":
    main()
