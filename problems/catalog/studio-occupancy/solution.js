"use strict";

const fs = require("fs");

/**
 * @param {Array<[number, number]>} bookings
 * @returns {Array<[number, number]>} the busy blocks as [start, end] pairs sorted by start
 */
function solve(bookings) {
  const sorted = bookings.slice().sort((a, b) => a[0] - b[0]);
  const blocks = [];
  for (const [start, end] of sorted) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else {
      blocks.push([start, end]);
    }
  }
  return blocks;
}

const data = fs.readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
const n = data[0];
const bookings = [];
for (let i = 0; i < n; i++) bookings.push([data[1 + 2 * i], data[2 + 2 * i]]);
const blocks = solve(bookings);
const total = blocks.reduce((sum, [start, end]) => sum + (end - start), 0);
const lines = [`${blocks.length} ${total}`];
for (const [start, end] of blocks) lines.push(`${start} ${end}`);
console.log(lines.join("\n"));
