"use strict";

const fs = require("fs");

/**
 * @param {Array<[number, number, number]>} gigs each [start, end, pay]
 * @returns {number} the largest total pay of non-overlapping gigs
 */
function solve(gigs) {
  const sorted = gigs.slice().sort((a, b) => a[1] - b[1]);
  const n = sorted.length;
  const ends = sorted.map((g) => g[1]);
  // best[i]: the largest pay using only the first i gigs in end-time order
  const best = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const [s, , p] = sorted[i];
    // j = number of gigs among the first i that end at or before s
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    best[i + 1] = Math.max(best[i], best[lo] + p);
  }
  return best[n];
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const gigs = [];
for (let i = 0; i < n; i++) gigs.push([data[1 + 3 * i], data[2 + 3 * i], data[3 + 3 * i]]);
console.log(String(solve(gigs)));
