"use strict";

const fs = require("fs");

/**
 * @param {string[]} grid rows of the warehouse, each a string of ".#SE"
 * @returns {number} the fewest moves from "S" to any "E", or -1 if no dock is reachable
 */
function solve(grid) {
  // TODO
  return 0;
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const [r] = lines[0].trim().split(/\s+/).map(Number);
const grid = [];
for (let i = 0; i < r; i++) grid.push(lines[1 + i].trim());
console.log(String(solve(grid)));
