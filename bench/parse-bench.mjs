// Parser micro-benchmark: parses a log file line by line with createLineParser and prints lines/s
// (median of 5 runs) and the status counts. Runs against dist/ (npm run build) by default.
// Usage: node bench/parse-bench.mjs [LOG] [PARSERS_MODULE]
//   LOG defaults to a generated 1,000,000-line auth log (bench/generate-auth-log.mjs).
import { existsSync, readFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './generate-auth-log.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modulePath = resolve(process.argv[3] ?? join(root, 'dist/engine/parsers/index.js'));
if (!existsSync(modulePath)) {
  console.error(`${modulePath} not found: run npm run build first (or pass the module path)`);
  process.exit(2);
}
const { createLineParser } = await import(pathToFileURL(modulePath).href);

let logPath = process.argv[2];
if (!logPath) {
  logPath = join(tmpdir(), 'threatwatch-parse-bench-1m.log');
  if (!existsSync(logPath)) {
    const out = createWriteStream(logPath);
    generate(1_000_000, 42, (chunk) => out.write(chunk));
    await new Promise((done) => out.end(done));
  }
}
const lines = readFileSync(logPath, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();

const runs = [];
let counts = {};
for (let run = 0; run < 5; run++) {
  const parse = createLineParser({ now: Date.now(), timeZone: 'UTC' });
  counts = { matched: 0, ignored: 0, unmatched: 0, unknown: 0, events: 0 };
  const start = process.hrtime.bigint();
  for (let i = 0; i < lines.length; i++) {
    const r = parse({ text: lines[i], file: logPath, line: i + 1 });
    counts[r.status]++;
    counts.events += r.events.length;
  }
  runs.push(Number(process.hrtime.bigint() - start) / 1e9);
}
runs.sort((a, b) => a - b);
const median = runs[2];
console.log(`${lines.length} lines, median ${median.toFixed(3)} s → ${Math.round(lines.length / median).toLocaleString('en-US')} lines/s`);
console.log(counts);
