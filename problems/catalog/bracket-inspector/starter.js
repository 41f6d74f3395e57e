"use strict";

const fs = require("fs");

/**
 * @param {string} s
 * @returns {string | number} "OK" if s is balanced, otherwise the 1-based position described in the statement
 */
function solve(s) {
  // TODO
  return "OK";
}

const s = fs.readFileSync(0, "utf8").trim();
console.log(String(solve(s)));
