// npm run bench: generates a realistic 1,000,000-line auth log (most lines noise, brute-force bursts,
// ~20,000 distinct IPs) and measures `threatwatch-tui replay --max` on it: lines/s, elapsed and peak
// RSS, median of several runs, with all rules and with BRUTE_FORCE alone. Then the same log in FreeBSD syslogd -v's envelope
// (`host <auth.info> sshd[pid]: `, one of the envelopes read past the common fast path). If
// fail2ban-regex is installed (Debian package fail2ban), it is timed on the same file in the same run
// for comparison.
// Also measured: the same log with BRUTE_FORCE alone (the other seven rules disabled in a config
// file), i.e. the detection work the build before the runtime did, so that build can be compared
// like for like.
// Usage: node bench/replay-bench.mjs [--lines N] [--runs N] [--no-fail2ban] [--cli PATH/cli.js] [--compare PATH/cli.js]
//   --cli: the build to measure (default dist/cli.js), e.g. a copy of an older build for before/after.
//   --compare: another build measured in the same runs, interleaved run by run (noise hits both
//     alike), on the default log; it is given no config file (an older build may not know `rules`).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { rmSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate-auth-log.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argValue = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const lines = argValue('--lines', 1_000_000);
const runs = argValue('--runs', 5);
const cliIndex = args.indexOf('--cli');
const cli = cliIndex === -1 ? join(root, 'dist', 'cli.js') : args[cliIndex + 1];
const compareIndex = args.indexOf('--compare');
const compareCli = compareIndex === -1 ? null : args[compareIndex + 1];
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const logPath = join(outDir, `auth-${lines}.log`);

if (!existsSync(logPath)) {
  process.stderr.write(`bench: generating ${lines.toLocaleString('en-US')} lines → ${logPath}\n`);
  await new Promise((resolve, reject) => {
    const ws = createWriteStream(logPath);
    ws.on('error', reject);
    ws.on('finish', resolve);
    generate(lines, 42, (s) => ws.write(s));
    ws.end();
  });
}
const size = statSync(logPath).size;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One `replay --max` of `path` by `build` (extra arguments before the file); elapsed, RSS, alerts. */
function runOnce(build, path, extra) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [build, 'replay', '--max', '--no-progress', '--format', 'ndjson', ...extra, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) {
    process.stderr.write(res.stderr);
    throw new Error(`replay exited with ${res.status}`);
  }
  const m = /peak RSS (\d+) MB/.exec(res.stderr);
  return { secs, rss: m ? Number(m[1]) : NaN, alerts: res.stdout.split('\n').filter(Boolean).length, summary: res.stderr.split('\n')[0] };
}

/** Runs each variant `runs` times, interleaved run by run; per variant the median elapsed and RSS. */
function measureInterleaved(variants) {
  const results = variants.map(() => []);
  for (let r = 0; r < runs; r++) {
    variants.forEach((v, k) => {
      const one = runOnce(v.build, v.path, v.extra ?? []);
      results[k].push(one);
      process.stderr.write(`bench: ${v.label} run ${r + 1}/${runs}: ${one.secs.toFixed(2)} s, ${(lines / one.secs / 1000).toFixed(0)}k lines/s, peak RSS ${one.rss} MB, ${one.alerts} alerts\n`);
    });
  }
  return results.map((rs) => ({
    secs: median(rs.map((x) => x.secs)),
    min: Math.min(...rs.map((x) => x.secs)),
    rss: median(rs.map((x) => x.rss)),
    alerts: rs[0].alerts,
    alertsLine: rs[0].summary,
    all: rs.map((x) => x.secs),
  }));
}

/** Speed of `a` relative to `b` (1.00 = as fast): median of the run-by-run ratios, and best run against best run. */
function ratios(a, b) {
  const paired = median(a.all.map((s, i) => b.all[i] / s));
  return `${paired.toFixed(2)} (median of run-by-run ratios), ${(b.min / a.min).toFixed(2)} (best runs)`;
}

// BRUTE_FORCE alone: a config file disabling the other rules (their keys from `config` output).
const configText = spawnSync(process.execPath, [cli, 'config'], { encoding: 'utf8' }).stdout ?? '';
const otherRules = Object.keys(parseYaml(configText)?.rules ?? {}).filter((k) => k !== 'bruteForce');
const bfConfig = join(tmpdir(), `threatwatch-bench-bf-${process.pid}.json`);
process.on('exit', () => rmSync(bfConfig, { force: true }));
writeFileSync(bfConfig, JSON.stringify({ rules: Object.fromEntries(otherRules.map((k) => [k, { enabled: false }])) }));

const variants = [
  { label: 'all rules', build: cli, path: logPath },
  { label: 'BRUTE_FORCE only', build: cli, path: logPath, extra: ['--config', bfConfig] },
];
if (compareCli !== null) variants.push({ label: `compare ${compareCli}`, build: compareCli, path: logPath });
const measured = measureInterleaved(variants);
const [main, bfOnly] = measured;
const secs = main.secs;
const lps = lines / secs;
const rate = (m) => `elapsed ${m.secs.toFixed(2)} s (min ${m.min.toFixed(2)})   ${Math.round(lines / m.secs).toLocaleString('en-US')} lines/s   peak RSS ${m.rss} MB   alerts ${m.alerts}`;
console.log(`replay --max: ${lines.toLocaleString('en-US')} lines (${(size / 1e6).toFixed(0)} MB), median of ${runs} interleaved runs (whole process, start-up included)`);
console.log(`  all rules (default)  ${rate(main)}`);
console.log(`  engine summary: ${main.alertsLine}`);
console.log(`  BRUTE_FORCE only     ${rate(bfOnly)}   (rules disabled: ${otherRules.length})`);
if (compareCli !== null) {
  const cmp = measured[2];
  console.log(`  compare build        ${rate(cmp)}   (${compareCli})`);
  // Runs are interleaved, so a busy moment of a shared machine slows the runs next to each other:
  // run-by-run ratios cancel most of it, and the best runs are the least disturbed.
  console.log(`  speed of BRUTE_FORCE only / compare build (lines/s; 1.00 = as fast): ${ratios(bfOnly, cmp)}`);
  console.log(`  speed of all rules / compare build: ${ratios(main, cmp)}`);
}
console.log(`  floor 500,000 lines/s and < 300 MB (BRUTE_FORCE only): ${lines / bfOnly.secs >= 500_000 && bfOnly.rss < 300 ? 'PASS' : 'FAIL'}; all rules: ${Math.round(lps).toLocaleString('en-US')} lines/s`);

// The same log in FreeBSD syslogd -v's envelope: `Mmm dd hh:mm:ss host <auth.info> tag[pid]: msg`.
const bsdPath = join(outDir, `auth-freebsd-v-${lines}.log`);
if (!existsSync(bsdPath)) {
  process.stderr.write(`bench: rewriting the log in the FreeBSD -v envelope → ${bsdPath}\n`);
  const ws = createWriteStream(bsdPath);
  const rl = createInterface({ input: createReadStream(logPath), crlfDelay: Infinity });
  let chunk = '';
  for await (const l of rl) {
    const host = l.indexOf(' ', 16);
    chunk += host === -1 ? `${l}\n` : `${l.slice(0, host)} <${l.includes('kernel:') ? 'kern.warning' : 'auth.info'}>${l.slice(host)}\n`;
    if (chunk.length > 1 << 20) {
      if (!ws.write(chunk)) await new Promise((done) => ws.once('drain', done));
      chunk = '';
    }
  }
  ws.end(chunk);
  await new Promise((done, fail) => ws.on('finish', done).on('error', fail));
}
const [bsd] = measureInterleaved([{ label: 'freebsd-v', build: cli, path: bsdPath }]);
const bsdLps = lines / bsd.secs;
console.log(`replay --max, the same log in FreeBSD syslogd -v's envelope (host <auth.info> sshd[pid]: …): median of ${runs} runs`);
console.log(`  elapsed ${bsd.secs.toFixed(2)} s   ${Math.round(bsdLps).toLocaleString('en-US')} lines/s   peak RSS ${bsd.rss} MB   alerts ${bsd.alerts}${bsd.alerts === main.alerts ? ' (same as above)' : ` (DIFFERS from ${main.alerts})`}`);

if (!args.includes('--no-fail2ban')) {
  const which = spawnSync('sh', ['-c', 'command -v fail2ban-regex'], { encoding: 'utf8' });
  if (which.status === 0) {
    const t0 = process.hrtime.bigint();
    const f2b = spawnSync('fail2ban-regex', [logPath, 'sshd'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const fsecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const matched = /Lines: .*/.exec(f2b.stdout)?.[0] ?? '';
    console.log(`fail2ban-regex (filter sshd), same file: ${fsecs.toFixed(1)} s, ${Math.round(lines / fsecs).toLocaleString('en-US')} lines/s  (${matched})`);
    console.log(`  ratio: threatwatch-tui is ${(fsecs / secs).toFixed(1)}x faster`);
  } else {
    console.log('fail2ban-regex: not installed (apt-get install fail2ban) — comparison skipped');
  }
}
