/**
 * A separate process using the store, for the multi-process tests (run transpiled, see transpile.ts).
 *
 *   flood DIR               writer; upserts and checkpoints as fast as it can until killed. The
 *                           checkpoint `seq` always equals the `flood` alert's count.
 *   triage DIR N HOLD_MS    writer; N triaged alerts (`w1`…, acknowledged, with a block on w1's
 *                           address), then N more over HOLD_MS ms, then close. Prints `closed`.
 *   hold DIR                writer; holds the lock until killed.
 *   exit DIR                writer; one upsert and a checkpoint, then process.exit(0) without
 *                           flush or close (the exit hook must save them and release the lock).
 *
 * Prints `ready` once the store is open, `error <message>` and exits 2 when it cannot open.
 * With TW_WAIT_GO=1 it loads everything, then waits for a line on stdin before it starts (so the
 * next child of a loop can start up while the current one runs).
 */
import type { Alert } from '../../../../src/engine/model/alert.js';
import { openStore, type AlertStore } from '../../../../src/runtime/store/alert-store.js';

const [command, dir, ...args] = process.argv.slice(2);
if (process.env.TW_WAIT_GO === '1') {
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.destroy();
}
const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);

export function alertFor(id: string, count: number, status: Alert['status'] = 'new'): Alert {
  const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
  return {
    id,
    rule: 'BRUTE_FORCE',
    severity: 'HIGH',
    ip: `198.51.100.${(id.length * 7 + count) % 250}`,
    subject: { kind: "ip", value: `198.51.100.${(id.length * 7 + count) % 250}`, ip: `198.51.100.${(id.length * 7 + count) % 250}` },
    firstSeen: at(0),
    lastSeen: at(count),
    count,
    hosts: ['bastion-01'],
    users: ['root'],
    intel: [],
    flags: [],
    status,
    history: status === 'new' ? [{ status: 'new', at: at(0) }] : [{ status: 'new', at: at(0) }, { status, at: at(count), note: 'by the analyst' }],
    evidence: [{ time: at(count), file: 'auth.log', line: count, text: `Failed password for root #${count}` }],
    summary: `${count} failed logins`,
  };
}

async function open(): Promise<AlertStore> {
  try {
    const store = await openStore(dir!, { mode: 'writer', debounceMs: 2, lockWaitMs: 0 });
    process.stdout.write('ready\n');
    return store;
  } catch (err) {
    process.stdout.write(`error ${(err as Error).message}\n`);
    process.exit(2);
  }
}

if (command === 'flood') {
  const store = await open();
  let seq = store.alerts.find((a) => a.id === 'flood')?.count ?? 0;
  const tick = (): void => {
    for (let i = 0; i < 20; i++) {
      seq++;
      store.upsert(alertFor('flood', seq));
      store.upsert(alertFor(`a${seq % 300}`, seq));
    }
    store.checkpoints.set('seq', seq);
    setImmediate(tick);
  };
  tick();
} else if (command === 'triage') {
  const n = Number(args[0]);
  const holdMs = Number(args[1]);
  const store = await open();
  for (let i = 1; i <= n; i++) store.upsert(alertFor(`w${i}`, 5, 'acknowledged'));
  store.setBlocks([{ ip: alertFor("w1", 5).ip as string, backend: 'simulate', at: new Date(T0).toISOString(), until: null, alertId: 'w1', simulated: true }]);
  store.checkpoints.set('file:auth.log', { offset: 1234 });
  for (let i = n + 1; i <= 2 * n; i++) {
    await new Promise((r) => setTimeout(r, holdMs / n));
    store.upsert(alertFor(`w${i}`, 5, 'resolved'));
  }
  await store.close();
  process.stdout.write('closed\n');
} else if (command === 'hold') {
  await open();
  setInterval(() => undefined, 1 << 30);
} else if (command === 'exit') {
  const store = await openStore(dir!, { mode: 'writer', debounceMs: 60_000 });
  store.upsert(alertFor('on-exit', 3));
  store.checkpoints.set('k', 3);
  process.exit(0);
} else {
  process.stderr.write(`unknown command ${command ?? ''}\n`);
  process.exit(1);
}
