"use strict";

const fs = require("fs");

const OPENER = { ")": "(", "]": "[", "}": "{", ">": "<" };

/**
 * @param {string} s
 * @returns {string | number} "OK" if s is balanced, otherwise the 1-based position described in the statement
 */
function solve(s) {
  const stack = []; // indices of brackets that are still open
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const opener = OPENER[ch];
    if (opener !== undefined) {
      if (stack.length === 0 || s[stack[stack.length - 1]] !== opener) {
        return i + 1;
      }
      stack.pop();
    } else {
      stack.push(i);
    }
  }
  return stack.length > 0 ? stack[0] + 1 : "OK";
}

const s = fs.readFileSync(0, "utf8").trim();
console.log(String(solve(s)));
