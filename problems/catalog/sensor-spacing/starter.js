"use strict";

const fs = require("fs");

/**
 * @param {number} k
 * @param {number[]} positions
 * @returns {number} the largest possible minimum distance between k chosen posts
 */
function solve(k, positions) {
  // TODO
  return 0;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const k = data[1];
const positions = data.slice(2, 2 + n);
console.log(String(solve(k, positions)));
