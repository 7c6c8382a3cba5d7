// Prints the plain closing line "N passed, N failed, N skipped" from vitest's JSON report (CI only).
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(new URL('../.ci/test-results.json', import.meta.url), 'utf8'));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
process.exit(r.numFailedTests === 0 && r.numPassedTests > 0 ? 0 : 1);
