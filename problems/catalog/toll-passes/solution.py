import heapq
import sys


def solve(n, k, roads):
    adj = [[] for _ in range(n + 1)]
    for u, v, w in roads:
        adj[u].append((v, w))
        adj[v].append((u, w))
    inf = float("inf")
    # dist[p][v]: cheapest toll to reach city v having used exactly p passes
    dist = [[inf] * (n + 1) for _ in range(k + 1)]
    dist[0][1] = 0
    heap = [(0, 1, 0)]
    while heap:
        d, v, p = heapq.heappop(heap)
        if d > dist[p][v]:
            continue  # stale entry
        for to, w in adj[v]:
            if d + w < dist[p][to]:
                dist[p][to] = d + w
                heapq.heappush(heap, (d + w, to, p))
            if p < k and d < dist[p + 1][to]:
                dist[p + 1][to] = d
                heapq.heappush(heap, (d, to, p + 1))
    best = min(dist[p][n] for p in range(k + 1))
    return -1 if best == inf else best


def main():
    data = sys.stdin.read().split()
    n, m, k = int(data[0]), int(data[1]), int(data[2])
    roads = [(int(data[3 + 3 * i]), int(data[4 + 3 * i]), int(data[5 + 3 * i])) for i in range(m)]
    print(solve(n, k, roads))


if __name__ == "__main__":
    main()
