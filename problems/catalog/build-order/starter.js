"use strict";

const fs = require("fs");

/**
 * @param {number} n
 * @param {Array<[number, number]>} rules
 * @returns {number[] | null} the lexicographically smallest valid build order,
 *   or null if the rules contain a cycle
 */
function solve(n, rules) {
  // TODO
  return null;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const m = data[1];
const rules = [];
for (let i = 0; i < m; i++) rules.push([data[2 + 2 * i], data[3 + 2 * i]]);
const order = solve(n, rules);
console.log(order === null ? "CYCLE" : order.join(" "));
