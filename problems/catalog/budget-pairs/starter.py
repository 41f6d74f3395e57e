import sys


def solve(budget, prices):
    # TODO: return the number of pairs i < j with prices[i] + prices[j] <= budget
    return 0


def main():
    data = sys.stdin.read().split()
    n, budget = int(data[0]), int(data[1])
    prices = [int(x) for x in data[2:2 + n]]
    print(solve(budget, prices))


if __name__ == "__main__":
    main()
