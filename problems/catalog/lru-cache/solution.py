import sys
from collections import OrderedDict


def solve(capacity, commands):
    cache = OrderedDict()  # least recently used first
    out = []
    for cmd in commands:
        op = cmd[0]
        if op == "PUT":
            key, value = cmd[1], cmd[2]
            if key in cache:
                cache.move_to_end(key)
            elif len(cache) == capacity:
                evicted, _ = cache.popitem(last=False)
                out.append(f"EVICT {evicted}")
            cache[key] = value
        elif op == "GET":
            key = cmd[1]
            if key in cache:
                cache.move_to_end(key)
                out.append(cache[key])
            else:
                out.append("MISS")
        elif op == "PEEK":
            out.append(cache.get(cmd[1], "MISS"))
        elif op == "SIZE":
            out.append(str(len(cache)))
    return out


def main():
    lines = sys.stdin.read().split("\n")
    capacity, q = map(int, lines[0].split())
    commands = [lines[1 + i].split() for i in range(q)]
    output = solve(capacity, commands)
    if output:
        print("\n".join(output))


if __name__ == "__main__":
    main()
