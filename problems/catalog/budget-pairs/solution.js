"use strict";

const fs = require("fs");

/**
 * @param {number} budget
 * @param {number[]} prices
 * @returns {number} the number of pairs i < j with prices[i] + prices[j] <= budget
 */
function solve(budget, prices) {
  const p = Float64Array.from(prices).sort();
  let i = 0;
  let j = p.length - 1;
  let count = 0;
  while (i < j) {
    if (p[i] + p[j] <= budget) {
      // p[i] fits with every item from i+1 up to j.
      count += j - i;
      i++;
    } else {
      j--;
    }
  }
  return count;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const budget = data[1];
const prices = data.slice(2, 2 + n);
console.log(String(solve(budget, prices)));
