"use strict";

const fs = require("fs");

/** A binary min-heap of (key, value) pairs ordered by key. */
class MinHeap {
  constructor() {
    this.keys = [];
    this.values = [];
  }

  get size() {
    return this.keys.length;
  }

  push(key, value) {
    const { keys, values } = this;
    keys.push(key);
    values.push(value);
    let i = keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the smallest pair and returns it as [key, value]. */
  pop() {
    const { keys, values } = this;
    const top = [keys[0], values[0]];
    const lastKey = keys.pop();
    const lastValue = values.pop();
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= keys.length) break;
        if (child + 1 < keys.length && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= lastKey) break;
        keys[i] = keys[child];
        values[i] = values[child];
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}

/**
 * @param {number} n
 * @param {number} k
 * @param {Array<[number, number, number]>} roads each [u, v, w]
 * @returns {number} the minimum total toll from city 1 to city n using at most k free passes,
 *   or -1 if city n cannot be reached
 */
function solve(n, k, roads) {
  const adj = Array.from({ length: n + 1 }, () => []);
  for (const [u, v, w] of roads) {
    adj[u].push([v, w]);
    adj[v].push([u, w]);
  }
  // State s = p * (n + 1) + v: at city v having used exactly p passes.
  const stride = n + 1;
  const dist = new Float64Array((k + 1) * stride).fill(Infinity);
  const heap = new MinHeap();
  dist[1] = 0;
  heap.push(0, 1);
  while (heap.size > 0) {
    const [d, s] = heap.pop();
    if (d > dist[s]) continue; // stale entry
    const p = Math.floor(s / stride);
    const v = s % stride;
    for (const [to, w] of adj[v]) {
      const paid = p * stride + to;
      if (d + w < dist[paid]) {
        dist[paid] = d + w;
        heap.push(d + w, paid);
      }
      if (p < k) {
        const free = paid + stride;
        if (d < dist[free]) {
          dist[free] = d;
          heap.push(d, free);
        }
      }
    }
  }
  let best = Infinity;
  for (let p = 0; p <= k; p++) best = Math.min(best, dist[p * stride + n]);
  return best === Infinity ? -1 : best;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const [n, m, k] = data;
const roads = [];
for (let i = 0; i < m; i++) roads.push([data[3 + 3 * i], data[4 + 3 * i], data[5 + 3 * i]]);
console.log(String(solve(n, k, roads)));
