"use strict";

const fs = require("fs");

/** Can k sensors be placed with every two at least `gap` apart? Greedy from the left. */
function fits(xs, k, gap) {
  let placed = 1;
  let last = xs[0];
  for (let i = 1; i < xs.length && placed < k; i++) {
    if (xs[i] - last >= gap) {
      placed++;
      last = xs[i];
    }
  }
  return placed >= k;
}

/**
 * @param {number} k
 * @param {number[]} positions
 * @returns {number} the largest possible minimum distance between k chosen posts
 */
function solve(k, positions) {
  const xs = Float64Array.from(positions).sort();
  // The answer is in [lo, hi]; gap 1 always fits because posts are distinct.
  let lo = 1;
  let hi = xs[xs.length - 1] - xs[0];
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (fits(xs, k, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const k = data[1];
const positions = data.slice(2, 2 + n);
console.log(String(solve(k, positions)));
