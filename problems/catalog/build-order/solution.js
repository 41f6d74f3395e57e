"use strict";

const fs = require("fs");

/** A binary min-heap of numbers. */
class MinHeap {
  constructor() {
    this.items = [];
  }

  get size() {
    return this.items.length;
  }

  push(x) {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= x) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = x;
  }

  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= a.length) break;
        if (child + 1 < a.length && a[child + 1] < a[child]) child++;
        if (a[child] >= last) break;
        a[i] = a[child];
        i = child;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * @param {number} n
 * @param {Array<[number, number]>} rules
 * @returns {number[] | null} the lexicographically smallest valid build order,
 *   or null if the rules contain a cycle
 */
function solve(n, rules) {
  const after = Array.from({ length: n + 1 }, () => []);
  const waiting = new Int32Array(n + 1); // unfinished prerequisites per module
  for (const [a, b] of rules) {
    after[a].push(b);
    waiting[b]++;
  }
  const ready = new MinHeap();
  for (let v = 1; v <= n; v++) if (waiting[v] === 0) ready.push(v);
  const order = [];
  while (ready.size > 0) {
    const v = ready.pop();
    order.push(v);
    for (const w of after[v]) {
      if (--waiting[w] === 0) ready.push(w);
    }
  }
  return order.length === n ? order : null;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const m = data[1];
const rules = [];
for (let i = 0; i < m; i++) rules.push([data[2 + 2 * i], data[3 + 2 * i]]);
const order = solve(n, rules);
console.log(order === null ? "CYCLE" : order.join(" "));
