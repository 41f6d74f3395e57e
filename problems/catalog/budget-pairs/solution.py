import sys


def solve(budget, prices):
    prices = sorted(prices)
    i, j = 0, len(prices) - 1
    count = 0
    while i < j:
        if prices[i] + prices[j] <= budget:
            # prices[i] fits with every item from i+1 up to j.
            count += j - i
            i += 1
        else:
            j -= 1
    return count


def main():
    data = sys.stdin.read().split()
    n, budget = int(data[0]), int(data[1])
    prices = [int(x) for x in data[2:2 + n]]
    print(solve(budget, prices))


if __name__ == "__main__":
    main()
