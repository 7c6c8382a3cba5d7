/**
 * The shape of `alerts.json` and its tolerant decoder (pure: text in, data and counts out).
 *
 * `{ version: 1, alerts: Alert[], blocks: BlockRecord[], checkpoints: { [key]: JSON } }`
 *
 * - A leading UTF-8 BOM is accepted.
 * - Text that is not JSON, or JSON without the top-level shape (object, `version: 1`, `alerts` and
 *   `blocks` arrays), is `corrupt`: the caller moves the file aside.
 * - Otherwise each alert and block is validated on its own; the invalid ones are dropped and
 *   counted, the rest kept. Numbers are bounded (a `count` of null, Infinity, -1 or 1e300 is invalid).
 *   Fields this version does not know are kept as they are (a newer writer's `subject`…).
 * - `checkpoints` is optional (files from before it existed); if it is not an object it is dropped.
 * - Problems are described by path and rule only: never by quoting the file's content.
 */
import * as z from 'zod';
import { ALERT_STATUSES, SEVERITIES, type Alert } from '../../engine/model/alert.js';
import { SUBJECT_KINDS, ipSubject } from '../../engine/model/subject.js';
import type { BlockRecord } from '../../engine/model/block.js';

/** Opaque JSON values by key: the runtime's restart-resume state. */
export type Checkpoints = Record<string, unknown>;

export interface StoreFile {
  version: 1;
  alerts: Alert[];
  blocks: BlockRecord[];
  checkpoints: Checkpoints;
}

export const emptyStoreFile = (): StoreFile => ({ version: 1, alerts: [], blocks: [], checkpoints: {} });

const count = z.int().min(0);
const isoTime = z.iso.datetime({ offset: true });
const evidenceSchema = z.object({ time: z.string(), file: z.string(), line: count, text: z.string() });
const intelSchema = z.object({ file: z.string(), entry: z.string(), reason: z.string().nullable(), source: z.string().nullable() });
const historySchema = z.object({ status: z.enum(ALERT_STATUSES), at: z.string(), note: z.string().optional() });

const subjectSchema = z.object({ kind: z.enum(SUBJECT_KINDS), value: z.string().min(1), ip: z.string().nullable() });
const factValue = z.union([z.string(), z.number().finite(), z.boolean(), z.array(z.string()), z.array(z.number().finite())]);

export const alertSchema = z
  .object({
  id: z.string().min(1),
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  /** Absent in stores written before alerts had subjects: the IP is the subject then. */
  subject: subjectSchema.optional(),
  ip: z.string().min(1).nullable(),
  facts: z.record(z.string(), factValue).optional(),
  firstSeen: isoTime,
  lastSeen: isoTime,
  count,
  hosts: z.array(z.string()),
  users: z.array(z.string()),
  intel: z.array(intelSchema),
  flags: z.array(z.string()),
  status: z.enum(ALERT_STATUSES),
  history: z.array(historySchema),
  evidence: z.array(evidenceSchema),
  summary: z.string(),
  })
  .refine((a) => a.subject !== undefined || a.ip !== null, { message: 'an alert needs a subject or an ip' });

export const blockSchema = z.object({
  ip: z.string().min(1),
  backend: z.string(),
  at: isoTime,
  until: isoTime.nullable(),
  alertId: z.string().nullable(),
  simulated: z.boolean(),
});

const topSchema = z.object({
  version: z.literal(1),
  alerts: z.array(z.unknown()),
  blocks: z.array(z.unknown()),
  checkpoints: z.unknown().optional(),
});

export interface DecodeReport {
  /** Alerts/blocks in the file, and how many of them failed validation. */
  readonly alerts: { readonly total: number; readonly dropped: number };
  readonly blocks: { readonly total: number; readonly dropped: number };
  /** True when a `checkpoints` member was present but not an object. */
  readonly checkpointsDropped: boolean;
  /** `alerts[3].count: Invalid input…` for the first dropped record, or null. */
  readonly firstProblem: string | null;
}

export type Decoded = { ok: true; data: StoreFile; report: DecodeReport } | { ok: false; problem: string };

function describe(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return prefix;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${prefix}${path}: ${issue.message}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes the text of `alerts.json` (see the file header). */
export function decodeStoreText(text: string): Decoded {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not valid JSON' }; // the engine's message would quote the content
  }
  const top = topSchema.safeParse(parsed);
  if (!top.success) {
    const issue = top.error.issues[0];
    const at = issue === undefined || issue.path.length === 0 ? 'top level' : issue.path.join('.');
    return { ok: false, problem: `unexpected content at ${at}${issue === undefined ? '' : `: ${issue.message}`}` };
  }
  let firstProblem: string | null = null;
  const keep = <T>(items: unknown[], schema: z.ZodType, name: string): T[] => {
    const out: T[] = [];
    items.forEach((item, i) => {
      const checked = schema.safeParse(item);
      if (checked.success) out.push(item as T);
      else firstProblem ??= describe(`${name}[${i}]`, checked.error);
    });
    return out;
  };
  const alerts = keep<Alert>(top.data.alerts, alertSchema, 'alerts').map((a) => (a.subject === undefined ? { ...a, subject: ipSubject(a.ip as string) } : a));
  const blocks = keep<BlockRecord>(top.data.blocks, blockSchema, 'blocks');
  const rawCheckpoints = top.data.checkpoints;
  const checkpointsDropped = rawCheckpoints !== undefined && !isPlainObject(rawCheckpoints);
  if (checkpointsDropped) firstProblem ??= 'checkpoints: expected an object';
  return {
    ok: true,
    data: { version: 1, alerts, blocks, checkpoints: isPlainObject(rawCheckpoints) ? rawCheckpoints : {} },
    report: {
      alerts: { total: top.data.alerts.length, dropped: top.data.alerts.length - alerts.length },
      blocks: { total: top.data.blocks.length, dropped: top.data.blocks.length - blocks.length },
      checkpointsDropped,
      firstProblem,
    },
  };
}

/** The text written to `alerts.json` (2-space JSON, as lowdb's JSONFile wrote it). */
export function encodeStoreFile(data: StoreFile): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
