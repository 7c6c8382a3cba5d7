/**
 * EDGE: one webhook delivery with Node's built-in `fetch` (undici): a POST per attempt with a
 * timeout, retried on network errors, timeouts, 408, 429 and 5xx with exponential back-off and
 * jitter, or after the server's `Retry-After` when it sends one. Redirects are not followed (a
 * webhook that moves is a configuration error, and following it could carry the Authorization
 * header elsewhere); other 4xx answers are final.
 *
 * Secrets stay out of every message: the URL is shown as `scheme://host:port/…` (a Slack or Teams
 * webhook's path *is* its token; user info and query go too), and any text that leaves this module
 * is scrubbed of the URL's parts and of every configured header value.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WebhookTarget {
  /** Without user info (fetch refuses URLs with credentials: `webhookTarget` turns them into a header). */
  readonly url: URL;
  /** Extra request headers (Authorization…); never shown. */
  readonly headers: Readonly<Record<string, string>>;
  /** Scrubs the URL's and the headers' secrets from a message. */
  readonly scrub: (text: string) => string;
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  /** First back-off; doubles per attempt. */
  readonly backoffMs: number;
  /** Longest wait between attempts; a longer `Retry-After` gives up instead. */
  readonly maxDelayMs: number;
}

export type AttemptResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly retry: boolean; readonly reason: string; readonly retryAfterMs: number | null };

export interface DeliveryResult {
  readonly ok: boolean;
  readonly attempts: number;
  /** Why the last attempt failed (scrubbed), or null. */
  readonly reason: string | null;
}

/** The URL as it may be shown: scheme, host and port; the path (often the token) as `/…`. */
export function redactUrl(url: URL): string {
  const rest = url.pathname.length > 1 || url.search !== '' ? '/…' : '';
  return `${url.protocol}//${url.host}${rest}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces every secret part of the target (URL, user info, path, query, header values) in `text`. */
export function scrubber(url: URL, headers: Readonly<Record<string, string>>): (text: string) => string {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const values = Object.values(headers);
  // `Bearer TOKEN`: the token alone too.
  const tokens = values.flatMap((v) => v.split(/\s+/)).filter((t) => t.length >= 8);
  const parts = [url.href, bare.href, url.username, url.password, url.search, url.search.slice(1), url.pathname, ...values, ...tokens];
  const secrets = [...new Set([...parts, ...parts.map(safeDecode)])]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  const shown = redactUrl(url);
  return (text) => {
    let out = text;
    for (const s of secrets) out = out.split(s).join(s === url.href || s === bare.href ? shown : '…');
    return out;
  };
}

export type TargetSettings = Omit<WebhookTarget, 'url' | 'headers' | 'scrub'>;

/**
 * The target for a configured URL and headers: user info in the URL (`https://user:pass@host/…`)
 * becomes a Basic `Authorization` header (unless one is configured), since fetch refuses URLs with
 * credentials.
 */
export function webhookTarget(urlText: string, headers: Readonly<Record<string, string>>, settings: TargetSettings): WebhookTarget {
  const original = new URL(urlText);
  const url = new URL(urlText);
  const all: Record<string, string> = { ...headers };
  if (url.username !== '' || url.password !== '') {
    if (!Object.keys(all).some((k) => k.toLowerCase() === 'authorization')) {
      all.Authorization = `Basic ${Buffer.from(`${safeDecode(url.username)}:${safeDecode(url.password)}`).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  return { ...settings, url, headers: all, scrub: scrubber(original, all) };
}

/** `Retry-After` in ms (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Back-off before attempt `attempt + 1`: `base·2^attempt` capped at `max`, with jitter in its upper half. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.cause?.code) return `network error ${e.cause.code}`;
  if (e?.cause?.message) return `network error: ${e.cause.message}`;
  return `network error: ${e?.message ?? String(err)}`;
}

/** One POST. Never throws; `signal` is the sink's own abort (closing), the timeout is added here. */
export async function postOnce(target: WebhookTarget, body: string, signal: AbortSignal, nowMs: () => number = Date.now): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'threatwatch-tui', ...target.headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    // The answer's body is never read or shown (it may echo the request); release the connection.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const retry = res.status === 408 || res.status === 429 || res.status >= 500;
    const reason = `HTTP ${res.status}${res.statusText ? ` ${res.statusText.slice(0, 60)}` : ''}`;
    const retryAfterMs = retry ? parseRetryAfter(res.headers.get('retry-after'), nowMs()) : null;
    return { ok: false, retry, reason: res.status >= 300 && res.status < 400 ? `${reason} (redirects are not followed)` : reason, retryAfterMs };
  } catch (err) {
    if (signal.aborted) return { ok: false, retry: false, reason: 'stopped before an answer came', retryAfterMs: null };
    if (timeout.aborted) return { ok: false, retry: true, reason: `no answer within ${target.timeoutMs} ms`, retryAfterMs: null };
    return { ok: false, retry: true, reason: describeError(err), retryAfterMs: null };
  }
}

export interface RetryHooks {
  now?: () => number;
  random?: () => number;
}

/** Attempts until success, a final answer, the retries are spent, or `signal` aborts. Never throws. */
export async function deliverWithRetries(target: WebhookTarget, body: string, signal: AbortSignal, hooks: RetryHooks = {}): Promise<DeliveryResult> {
  const scrub = target.scrub;
  let attempts = 0;
  for (;;) {
    const r = await postOnce(target, body, signal, hooks.now);
    attempts++;
    if (r.ok) return { ok: true, attempts, reason: null };
    if (!r.retry || attempts > target.retries || signal.aborted) return { ok: false, attempts, reason: scrub(r.reason) };
    const wait = r.retryAfterMs ?? backoffDelay(attempts - 1, target.backoffMs, target.maxDelayMs, hooks.random);
    if (wait > target.maxDelayMs) {
      return { ok: false, attempts, reason: scrub(`${r.reason}, and Retry-After asks for ${Math.ceil(wait / 1000)} s (more than maxDelayMs)`) };
    }
    try {
      await sleep(wait, undefined, { signal, ref: false });
    } catch {
      return { ok: false, attempts, reason: scrub(`${r.reason}; stopped while waiting to retry`) };
    }
  }
}
