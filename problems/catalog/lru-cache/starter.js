"use strict";

const fs = require("fs");

/**
 * @param {number} capacity
 * @param {string[][]} commands each a list of tokens, e.g. ["PUT", "a", "1"] or ["SIZE"]
 * @returns {string[]} the lines the commands print, in order
 */
function solve(capacity, commands) {
  // TODO
  return [];
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const [capacity, q] = lines[0].trim().split(/\s+/).map(Number);
const commands = [];
for (let i = 0; i < q; i++) commands.push(lines[1 + i].trim().split(/\s+/));
const output = solve(capacity, commands);
if (output.length > 0) console.log(output.join("\n"));
