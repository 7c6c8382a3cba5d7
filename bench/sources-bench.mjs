// Live-source benchmarks (run after `npm run build`; `npm run bench:sources`):
//  1. the file source following a file that grows by RATE lines/s for SECONDS, once without rotation,
//     once with rename-and-create rotations (the writer reopening 300 ms late, as rsyslog after
//     logrotate's HUP) and once with copytruncate: lines lost and read twice, lag, RSS over time;
//  2. the syslog TCP receiver fed by SENDERS concurrent senders (child processes) on loopback, half
//     newline-framed and half octet-counted: messages/s, sent vs received, RSS.
// Options: --seconds 10 --rate 50000 --messages 1000000 --senders 4 (the TCP run is done with
// MESSAGES and with 3 × MESSAGES). Run with --expose-gc (the npm script does) for heap figures.
// Loopback only.
import { closeSync, copyFileSync, mkdtempSync, openSync, renameSync, rmSync, truncateSync, writeSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Writers and senders run as child processes, so the RSS figures are the reader's alone.
const role = process.env.TW_BENCH_ROLE ?? null;
const workerData = role === null ? null : { role, ...JSON.parse(process.env.TW_BENCH_DATA ?? '{}') };
const isMainThread = role === null;
const parentPort = { postMessage: (m) => process.send(m, () => process.exit(0)) };
function child(roleName, data) {
  const p = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, TW_BENCH_ROLE: roleName, TW_BENCH_DATA: JSON.stringify(data) } });
  return new Promise((resolve, reject) => {
    p.once('message', resolve);
    p.once('error', reject);
  });
}

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};

const LINE = (n) =>
  `2024-05-01T09:14:04.118532+00:00 bastion-01 sshd[24811]: Failed password for invalid user admin from 203.0.113.45 port 52144 ssh2 #${n}\n`;

// ---------------------------------------------------------------- workers
if (!isMainThread && workerData.role === 'file-writer') {
  const { file, rate, seconds, mode } = workerData;
  let fd = openSync(file, 'a');
  const total = rate * seconds;
  const t0 = Date.now();
  let n = 0;
  let nextRotation = 2500;
  let reopenAt = -1;
  while (n < total) {
    const elapsed = Date.now() - t0;
    const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
    if (due > n) {
      let s = '';
      while (n < due) s += LINE(++n);
      writeSync(fd, s);
    }
    if (mode === 'rename' && elapsed >= nextRotation && reopenAt < 0) {
      renameSync(file, `${file}.1`);
      writeFileSync(file, '');
      reopenAt = elapsed + 300; // still writing to the renamed file until "HUP"
      nextRotation += 2500;
    }
    if (reopenAt >= 0 && elapsed >= reopenAt) {
      closeSync(fd);
      fd = openSync(file, 'a');
      reopenAt = -1;
    }
    if (mode === 'copytruncate' && elapsed >= nextRotation) {
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      nextRotation += 2500;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  closeSync(fd);
  parentPort.postMessage({ written: n, ms: Date.now() - t0 });
}

if (!isMainThread && workerData.role === 'tcp-sender') {
  const { port, count, octet, id } = workerData;
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  const t0 = Date.now();
  let i = 0;
  const BATCH = 2000;
  while (i < count) {
    let s = '';
    const end = Math.min(count, i + BATCH);
    for (; i < end; i++) {
      const msg = `<38>1 2024-05-01T07:14:04.118532Z host-${id} sshd 24811 - - Failed password for root from 203.0.113.45 port 52144 ssh2 #${i}`;
      s += octet ? `${Buffer.byteLength(msg)} ${msg}` : `${msg}\n`;
    }
    if (!socket.write(s)) await new Promise((r) => socket.once('drain', r));
  }
  await new Promise((r) => socket.end(r));
  parentPort.postMessage({ sent: count, ms: Date.now() - t0 });
}

// ---------------------------------------------------------------- main
if (isMainThread) {
  const { fileSourceSchema, startFileSource } = await import('../dist/plugins/sources/file.js');
  const { startSyslogReceiver, syslogSourceSchema } = await import('../dist/plugins/sources/syslog.js');
  const seconds = arg('seconds', 10);
  const rate = arg('rate', 50_000);
  const messages = arg('messages', 1_000_000);
  const senders = arg('senders', 4);
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;

  const ctxFor = (onLines) => ({
    emit: onLines,
    status: () => undefined,
    diagnostic: () => undefined,
    checkpoint: () => null,
    saveCheckpoint: () => undefined,
    position: 'end',
    now: Date.now,
  });

  async function fileRun(mode) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tw-bench-file-'));
    const file = path.join(dir, 'auth.log');
    writeFileSync(file, '');
    const total = rate * seconds;
    const seen = new Uint8Array(total + 1);
    let received = 0;
    let dups = 0;
    let bad = 0;
    const src = startFileSource(fileSourceSchema.parse({ paths: [file], rotationGraceMs: 2000 }), ctxFor((lines) => {
      for (const l of lines) {
        const n = Number(l.text.slice(l.text.lastIndexOf('#') + 1));
        if (!(n >= 1 && n <= total)) bad++;
        else if (seen[n]++) dups++;
        received++;
      }
    }));
    await new Promise((r) => setTimeout(r, 300));
    global.gc?.();
    const rss = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
    const { written, ms: writerMs } = await child('file-writer', { file, rate, seconds, mode });
    const writeEnd = Date.now();
    while (received < written && Date.now() - writeEnd < 15_000) await new Promise((r) => setTimeout(r, 20));
    const caughtUp = Date.now() - writeEnd;
    await new Promise((r) => setTimeout(r, 2500)); // anything late or twice
    clearInterval(sampler);
    await src.close();
    rmSync(dir, { recursive: true, force: true });
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    let missing = 0;
    for (let i = 1; i <= written; i++) if (seen[i] === 0) missing++;
    const steady = rss.slice(2);
    return {
      mode,
      written,
      received,
      missing,
      dups,
      bad,
      rate: Math.round(written / (writerMs / 1000)),
      caughtUpMs: caughtUp,
      rssFirst: steady[0] ?? 0,
      rssMax: Math.max(...steady, 0),
      rssLast: steady.at(-1) ?? 0,
      heap,
    };
  }

  console.log(`file source: a file growing by ${rate} lines/s for ${seconds} s (${rate * seconds} lines of ~${LINE(1).length} bytes)`);
  for (const mode of ['none', 'rename', 'copytruncate']) {
    const r = await fileRun(mode);
    console.log(
      `  rotation ${mode.padEnd(12)} written ${r.written}  received ${r.received}  lost ${r.missing}  twice ${r.dups}  ` +
        `(${r.rate} lines/s, caught up ${r.caughtUpMs} ms after the writer stopped)  RSS steady ${mb(r.rssFirst)} → max ${mb(r.rssMax)} → end ${mb(r.rssLast)}; heap after GC ${mb(r.heap)}`,
    );
  }

  // TCP receiver: the same run at two sizes, to show memory does not grow with the message count.
  async function tcpRun(total) {
    let got = 0;
    const rx = startSyslogReceiver(syslogSourceSchema.parse({ listen: ['tcp://127.0.0.1:0'] }), ctxFor((lines) => {
      got += lines.length;
    }));
    await rx.ready;
    const port = Number(rx.addresses()[0].split(':').at(-1));
    const per = Math.floor(total / senders);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: senders }, (_, id) => child('tcp-sender', { port, count: per, octet: id % 2 === 1, id })),
    );
    const sent = results.reduce((a, r) => a + r.sent, 0);
    while (got < sent && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 5));
    const ms = Date.now() - t0;
    clearInterval(sampler);
    const st = rx.stats();
    await rx.close();
    global.gc?.();
    console.log(
      `  sent ${sent}  received ${got}  lost ${sent - got}  in ${ms} ms = ${Math.round(got / (ms / 1000))} messages/s  ` +
        `(paused ${st.paused}×, truncated ${st.truncated}, incomplete ${st.incomplete})  RSS ${mb(rssBefore)} → max ${mb(rssMax)}; heap after GC ${mb(process.memoryUsage().heapUsed)}`,
    );
  }
  console.log(`syslog TCP receiver: ${senders} concurrent senders on loopback (half newline-framed, half octet-counted)`);
  await tcpRun(messages);
  await tcpRun(messages * 3);
}
