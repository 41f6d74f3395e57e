"use strict";

const fs = require("fs");

/**
 * @param {string} text
 * @param {string} required
 * @returns {[number, number] | null} the 1-based start and length of the shortest, leftmost excerpt of
 *   text that contains every letter of required with multiplicity, or null if there is none
 */
function solve(text, required) {
  const need = new Int32Array(26); // how many more of each letter the window still needs
  for (let i = 0; i < required.length; i++) need[required.charCodeAt(i) - 97]++;
  let missing = required.length;
  let bestStart = -1;
  let bestLen = text.length + 1;
  let left = 0;
  for (let right = 0; right < text.length; right++) {
    const c = text.charCodeAt(right) - 97;
    if (need[c] > 0) missing--;
    need[c]--;
    while (missing === 0) {
      if (right - left + 1 < bestLen) {
        bestStart = left;
        bestLen = right - left + 1;
      }
      const d = text.charCodeAt(left) - 97;
      need[d]++;
      if (need[d] > 0) missing++;
      left++;
    }
  }
  return bestStart < 0 ? null : [bestStart + 1, bestLen];
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const text = lines[0].trim();
const required = lines[1].trim();
const answer = solve(text, required);
console.log(answer === null ? "NONE" : `${answer[0]} ${answer[1]}`);
