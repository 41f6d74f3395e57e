"use strict";

const fs = require("fs");

/**
 * @param {number} n
 * @param {number} k
 * @param {Array<[number, number, number]>} roads each [u, v, w]
 * @returns {number} the minimum total toll from city 1 to city n using at most k free passes,
 *   or -1 if city n cannot be reached
 */
function solve(n, k, roads) {
  // TODO
  return 0;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const [n, m, k] = data;
const roads = [];
for (let i = 0; i < m; i++) roads.push([data[3 + 3 * i], data[4 + 3 * i], data[5 + 3 * i]]);
console.log(String(solve(n, k, roads)));
