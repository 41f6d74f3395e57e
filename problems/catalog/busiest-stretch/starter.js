"use strict";

const fs = require("fs");

/**
 * @param {number} k
 * @param {number[]} counts
 * @returns {[number, number]} the largest total and the 1-based start of the earliest stretch with that total
 */
function solve(k, counts) {
  // TODO
  return [0, 1];
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const k = data[1];
const counts = data.slice(2, 2 + n);
const [total, start] = solve(k, counts);
console.log(`${total} ${start}`);
