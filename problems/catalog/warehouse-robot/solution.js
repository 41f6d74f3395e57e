"use strict";

const fs = require("fs");

/**
 * @param {string[]} grid rows of the warehouse, each a string of ".#SE"
 * @returns {number} the fewest moves from "S" to any "E", or -1 if no dock is reachable
 */
function solve(grid) {
  const r = grid.length;
  const c = grid[0].length;
  const dist = new Int32Array(r * c).fill(-1);
  const queue = new Int32Array(r * c); // cells as i * c + j
  let head = 0;
  let tail = 0;
  for (let i = 0; i < r; i++) {
    const j = grid[i].indexOf("S");
    if (j >= 0) {
      dist[i * c + j] = 0;
      queue[tail++] = i * c + j;
    }
  }
  while (head < tail) {
    const cell = queue[head++];
    const i = Math.floor(cell / c);
    const j = cell % c;
    if (grid[i][j] === "E") return dist[cell];
    const neighbours = [
      [i - 1, j],
      [i + 1, j],
      [i, j - 1],
      [i, j + 1],
    ];
    for (const [ni, nj] of neighbours) {
      if (ni < 0 || ni >= r || nj < 0 || nj >= c) continue;
      const next = ni * c + nj;
      if (dist[next] >= 0 || grid[ni][nj] === "#") continue;
      dist[next] = dist[cell] + 1;
      queue[tail++] = next;
    }
  }
  return -1;
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const [r] = lines[0].trim().split(/\s+/).map(Number);
const grid = [];
for (let i = 0; i < r; i++) grid.push(lines[1 + i].trim());
console.log(String(solve(grid)));
