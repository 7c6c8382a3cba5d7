/**
 * The control socket's protocol: what `block`, `unblock` and `blocks` send to the console or `watch`
 * that holds a data directory, and what comes back. Pure (no I/O); `control-socket.ts` carries it.
 *
 * One request per connection: the client writes one JSON object on one line (at most
 * `MAX_REQUEST_BYTES`, within `REQUEST_TIMEOUT_MS` of connecting); the server answers with one JSON
 * line and closes. Only three operations exist:
 *
 * ```
 * → {"v":1,"op":"block","target":"203.0.113.45","seconds":600,"actor":"alice@pts/3","backend":"nftables"}
 * ← {"v":1,"ok":true,"message":"Blocked 203.0.113.45 (nftables, 10m)","pid":4242,"backend":"nftables","record":{…}}
 * → {"v":1,"op":"unblock","target":"203.0.113.45","actor":"alice@pts/3"}
 * ← {"v":1,"ok":true,"message":"Unblocked 203.0.113.45","pid":4242,"backend":"nftables"}
 * → {"v":1,"op":"blocks","all":true}
 * ← {"v":1,"ok":true,"message":"2 block(s)","pid":4242,"backend":"nftables","blocks":[{…},{…}]}
 * ```
 *
 * `seconds` absent = the holder's default duration (with its ban increment); null = permanent.
 * `backend` (optional) is the backend the caller expects: the holder refuses when it blocks with
 * another one, rather than silently using it. `actor` is who asked (`user@tty`), for the audit log;
 * the holder keeps only `[\w.@()/:+-]` of it. Any other field, op or version is a `bad-request`.
 */
import * as z from 'zod';
import type { BlockRecord } from '../engine/model/block.js';

export const PROTOCOL_VERSION = 1;
/** The socket's file name in the data directory. */
export const CONTROL_SOCKET_FILE = 'control.sock';
/** Longest request line, newline excluded. */
export const MAX_REQUEST_BYTES = 4096;
/** Longest response line (the full history of 1000 records fits many times over). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** How long the server waits for the request line after a connection is opened. */
export const REQUEST_TIMEOUT_MS = 5000;

const common = {
  v: z.literal(PROTOCOL_VERSION),
  /** Echoed in the response. */
  id: z.string().max(64).optional(),
};
const target = z.string().min(1).max(256);
const actor = z.string().max(128).optional();

export const controlRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({
    ...common,
    op: z.literal('block'),
    target,
    seconds: z.number().int().nullable().optional(),
    actor,
    backend: z.string().min(1).max(64).optional(),
  }),
  z.strictObject({ ...common, op: z.literal('unblock'), target, actor }),
  z.strictObject({ ...common, op: z.literal('blocks'), all: z.boolean().optional() }),
]);

export type ControlRequest = z.infer<typeof controlRequestSchema>;
export type ControlOp = ControlRequest['op'];

export interface ControlResponse {
  v: typeof PROTOCOL_VERSION;
  id?: string;
  ok: boolean;
  /** The sentence for the analyst: the outcome, or why not. */
  message: string;
  /** `bad-request`, `timeout`, `too-large`, `backend-mismatch`, `internal` when the request never reached the ledger. */
  error?: string;
  /** The holder's pid and backend (absent on a bad request). */
  pid?: number;
  backend?: string;
  /** `block`: the record in force afterwards (ok), or null. */
  record?: BlockRecord | null;
  /** `blocks`: active blocks, or every record with `all`. */
  blocks?: BlockRecord[];
}

/** What the holder does for each operation (the runtime applies them through `runtime.actions`). */
export interface ControlHandler {
  readonly pid: number;
  /** The holder's backend name. */
  backend(): string;
  block(target: string, seconds: number | null | undefined, actor: string): Promise<{ ok: boolean; message: string; record: BlockRecord | null }>;
  unblock(target: string, actor: string): Promise<{ ok: boolean; message: string }>;
  blocks(all: boolean): readonly BlockRecord[];
}

/** Keeps what an audit-log actor may contain; `cli` when nothing is left. */
export function cleanActor(text: string | undefined): string {
  const clean = (text ?? '').replace(/[^\w.@()/:+-]/g, '?').slice(0, 64);
  return clean === '' ? 'cli' : clean;
}

export type ParsedRequest = { ok: true; request: ControlRequest } | { ok: false; message: string };

/** Parses one request line; never throws. */
export function parseControlRequest(line: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, message: 'request is not JSON' };
  }
  const r = controlRequestSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    return { ok: false, message: `bad request: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, request: r.data };
}

/** Parses one response line; null when it is not a control response. */
export function parseControlResponse(line: string): ControlResponse | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const r = value as Partial<ControlResponse>;
  if (r.v !== PROTOCOL_VERSION || typeof r.ok !== 'boolean' || typeof r.message !== 'string') return null;
  if (r.blocks !== undefined && !Array.isArray(r.blocks)) return null;
  return r as ControlResponse;
}

/** Answers one parsed request with the handler (ledger errors become a failed response). */
export async function answer(request: ControlRequest, handler: ControlHandler): Promise<ControlResponse> {
  const base = { v: PROTOCOL_VERSION, ...(request.id !== undefined ? { id: request.id } : {}), pid: handler.pid, backend: handler.backend() } as const;
  try {
    switch (request.op) {
      case 'block': {
        if (request.backend !== undefined && request.backend !== handler.backend()) {
          return {
            ...base,
            ok: false,
            error: 'backend-mismatch',
            message: `the running threatwatch-tui (pid ${handler.pid}) blocks with ${handler.backend()}, not ${request.backend}: leave out --blocker, or stop it first`,
          };
        }
        const r = await handler.block(request.target, request.seconds, cleanActor(request.actor));
        return { ...base, ok: r.ok, message: r.message, record: r.record };
      }
      case 'unblock': {
        const r = await handler.unblock(request.target, cleanActor(request.actor));
        return { ...base, ok: r.ok, message: r.message };
      }
      case 'blocks': {
        const blocks = [...handler.blocks(request.all === true)];
        return { ...base, ok: true, message: `${blocks.length} block(s)`, blocks };
      }
    }
  } catch (err) {
    return { ...base, ok: false, error: 'internal', message: `the running threatwatch-tui could not ${request.op}: ${(err as Error).message}` };
  }
}
