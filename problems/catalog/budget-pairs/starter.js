"use strict";

const fs = require("fs");

/**
 * @param {number} budget
 * @param {number[]} prices
 * @returns {number} the number of pairs i < j with prices[i] + prices[j] <= budget
 */
function solve(budget, prices) {
  // TODO
  return 0;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const budget = data[1];
const prices = data.slice(2, 2 + n);
console.log(String(solve(budget, prices)));
