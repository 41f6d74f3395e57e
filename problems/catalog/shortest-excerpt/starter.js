"use strict";

const fs = require("fs");

/**
 * @param {string} text
 * @param {string} required
 * @returns {[number, number] | null} the 1-based start and length of the shortest, leftmost excerpt of
 *   text that contains every letter of required with multiplicity, or null if there is none
 */
function solve(text, required) {
  // TODO
  return null;
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const text = lines[0].trim();
const required = lines[1].trim();
const answer = solve(text, required);
console.log(answer === null ? "NONE" : `${answer[0]} ${answer[1]}`);
