import heapq
import sys


def solve(n, rules):
    after = [[] for _ in range(n + 1)]
    waiting = [0] * (n + 1)  # unfinished prerequisites per module
    for a, b in rules:
        after[a].append(b)
        waiting[b] += 1
    ready = [v for v in range(1, n + 1) if waiting[v] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        v = heapq.heappop(ready)
        order.append(v)
        for w in after[v]:
            waiting[w] -= 1
            if waiting[w] == 0:
                heapq.heappush(ready, w)
    return order if len(order) == n else None


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    rules = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
    order = solve(n, rules)
    print("CYCLE" if order is None else " ".join(map(str, order)))


if __name__ == "__main__":
    main()
