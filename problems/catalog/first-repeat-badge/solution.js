"use strict";

const fs = require("fs");

/**
 * @param {string[]} badges
 * @returns {[string, number] | null} the badge and 1-based position of the first scan
 *   whose badge was seen before, or null when no badge repeats
 */
function solve(badges) {
  const seen = new Set();
  for (let i = 0; i < badges.length; i++) {
    if (seen.has(badges[i])) {
      return [badges[i], i + 1];
    }
    seen.add(badges[i]);
  }
  return null;
}

const tokens = fs.readFileSync(0, "utf8").trim().split(/\s+/);
const n = Number(tokens[0]);
const badges = tokens.slice(1, 1 + n);
const answer = solve(badges);
console.log(answer === null ? "NONE" : `${answer[0]} ${answer[1]}`);
