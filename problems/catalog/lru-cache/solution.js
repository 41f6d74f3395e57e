"use strict";

const fs = require("fs");

/**
 * @param {number} capacity
 * @param {string[][]} commands each a list of tokens, e.g. ["PUT", "a", "1"] or ["SIZE"]
 * @returns {string[]} the lines the commands print, in order
 */
function solve(capacity, commands) {
  // A Map iterates in insertion order, so deleting and re-inserting a key marks it most recently
  // used, and the first key is the least recently used one.
  const cache = new Map();
  const out = [];
  for (const cmd of commands) {
    switch (cmd[0]) {
      case "PUT": {
        const [, key, value] = cmd;
        if (cache.has(key)) {
          cache.delete(key);
        } else if (cache.size === capacity) {
          const evicted = cache.keys().next().value;
          cache.delete(evicted);
          out.push(`EVICT ${evicted}`);
        }
        cache.set(key, value);
        break;
      }
      case "GET": {
        const key = cmd[1];
        if (cache.has(key)) {
          const value = cache.get(key);
          cache.delete(key);
          cache.set(key, value);
          out.push(value);
        } else {
          out.push("MISS");
        }
        break;
      }
      case "PEEK":
        out.push(cache.has(cmd[1]) ? cache.get(cmd[1]) : "MISS");
        break;
      case "SIZE":
        out.push(String(cache.size));
        break;
    }
  }
  return out;
}

const lines = fs.readFileSync(0, "utf8").split("\n");
const [capacity, q] = lines[0].trim().split(/\s+/).map(Number);
const commands = [];
for (let i = 0; i < q; i++) commands.push(lines[1 + i].trim().split(/\s+/));
const output = solve(capacity, commands);
if (output.length > 0) console.log(output.join("\n"));
