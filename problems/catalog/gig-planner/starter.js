"use strict";

const fs = require("fs");

/**
 * @param {Array<[number, number, number]>} gigs each [start, end, pay]
 * @returns {number} the largest total pay of non-overlapping gigs
 */
function solve(gigs) {
  // TODO
  return 0;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const gigs = [];
for (let i = 0; i < n; i++) gigs.push([data[1 + 3 * i], data[2 + 3 * i], data[3 + 3 * i]]);
console.log(String(solve(gigs)));
