import sys
from collections import deque


def solve(grid):
    r, c = len(grid), len(grid[0])
    dist = [[-1] * c for _ in range(r)]
    queue = deque()
    for i in range(r):
        j = grid[i].find("S")
        if j >= 0:
            dist[i][j] = 0
            queue.append((i, j))
    while queue:
        i, j = queue.popleft()
        if grid[i][j] == "E":
            return dist[i][j]
        for ni, nj in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
            if 0 <= ni < r and 0 <= nj < c and dist[ni][nj] < 0 and grid[ni][nj] != "#":
                dist[ni][nj] = dist[i][j] + 1
                queue.append((ni, nj))
    return -1


def main():
    lines = sys.stdin.read().split("\n")
    r, c = map(int, lines[0].split())
    grid = [lines[1 + i].strip() for i in range(r)]
    print(solve(grid))


if __name__ == "__main__":
    main()
