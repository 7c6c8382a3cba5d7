// The webhook sink against a real HTTP server on 127.0.0.1: body shapes, retries, Retry-After,
// timeouts, the bounded queue, flush deadlines, and no secret in any diagnostic.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/engine/snapshot/types.js';
import { createWebhookSink, webhookSink, type WebhookConfig } from '../../../src/plugins/sinks/webhook.js';
import { backoffDelay, parseRetryAfter, redactUrl, scrubber } from '../../../src/plugins/sinks/webhook-post.js';
import { makeAlert } from '../../helpers/factories.js';
import { waitFor } from '../sources/fake-context.js';
import { closedPort, startReceiver, type HttpReceiver } from './http-receiver.js';

function ctx() {
  const diagnostics: Diagnostic[] = [];
  return { diagnostics, stdout: new PassThrough(), diagnostic: (d: Diagnostic) => void diagnostics.push(d), now: Date.now };
}

function config(partial: Partial<WebhookConfig>): WebhookConfig {
  return { ...webhookSink.defaults, backoffMs: 10, ...partial };
}

let rx: HttpReceiver;
beforeEach(async () => {
  rx = await startReceiver();
});
afterEach(async () => {
  await rx.close();
});

describe('webhook sink: what it sends', () => {
  it('is off by default: no url, nothing sent, defaults valid', async () => {
    expect(webhookSink.defaults).toMatchObject({ url: null, format: 'generic', severities: ['HIGH', 'CRITICAL'], onClose: false, headers: {} });
    const c = ctx();
    const sink = webhookSink.create(webhookSink.defaults, c);
    sink.onAlert?.(makeAlert({ severity: 'CRITICAL' }), 'raised');
    await sink.flush();
    await sink.close();
    expect(rx.requests).toHaveLength(0);
    expect(c.diagnostics).toEqual([]);
  });

  it('POSTs the generic JSON body with a version, the alert and the block command, with the extra headers', async () => {
    // Given a webhook for HIGH and CRITICAL alerts with a bearer token
    const c = ctx();
    const sink = createWebhookSink(config({ url: `${rx.url}/hook`, headers: { Authorization: 'Bearer t0ken-123' } }), c);
    // When alerts of several severities and changes come through
    sink.onAlert?.(makeAlert({ id: 'a-low', severity: 'LOW' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'a-high', severity: 'HIGH' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'a-high', severity: 'HIGH' }), 'updated');
    sink.onAlert?.(makeAlert({ id: 'a-high', severity: 'HIGH' }), 'closed');
    await sink.flush();
    // Then only the newly raised HIGH alert was sent
    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hook');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe('Bearer t0ken-123');
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ version: 1, source: 'threatwatch-tui', change: 'raised', blockCommand: 'threatwatch-tui block 203.0.113.45' });
    expect(body.alert).toEqual(makeAlert({ id: 'a-high', severity: 'HIGH' }));
    expect(sink.stats()).toMatchObject({ delivered: 1, failed: 0, dropped: 0, pending: 0 });
    await sink.close();
    expect(c.diagnostics).toEqual([]);
  });

  it('sends closes too with onClose, and the chosen severities only', async () => {
    const sink = createWebhookSink(config({ url: rx.url, onClose: true, severities: ['LOW'] }), ctx());
    sink.onAlert?.(makeAlert({ severity: 'CRITICAL' }), 'raised');
    sink.onAlert?.(makeAlert({ severity: 'LOW' }), 'raised');
    sink.onAlert?.(makeAlert({ severity: 'LOW' }), 'closed');
    await sink.close();
    expect(rx.requests.map((r) => (JSON.parse(r.body) as { change: string }).change)).toEqual(['raised', 'closed']);
  });

  it('format slack: only a text field, attacker text escaped (no mention, no link, no control sequence)', async () => {
    const sink = createWebhookSink(config({ url: rx.url, format: 'slack' }), ctx());
    const alert = makeAlert({ severity: 'CRITICAL', users: ['<!channel>', 'x<http://evil.test|click>', 'r\u001b[31mred', 'a&b'] });
    sink.onAlert?.(alert, 'raised');
    await sink.close();
    const body = JSON.parse(rx.requests[0]!.body) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['text']);
    const text = body.text!;
    expect(text).toContain('*CRITICAL* BRUTE_FORCE 203.0.113.45');
    expect(text).toContain(alert.summary);
    expect(text).toContain('Users: &lt;!channel&gt;, x&lt;http://evil.test|click&gt;, r\\x1b[31mred, a&amp;b');
    expect(text).toContain('Block: `threatwatch-tui block 203.0.113.45`');
    expect(text).not.toMatch(/[<>\u001b]/);
  });

  it('an alert without an address has no block command', async () => {
    const sink = createWebhookSink(config({ url: rx.url }), ctx());
    sink.onAlert?.(makeAlert({ ip: null, subject: { kind: 'user', value: 'root', ip: null } }), 'raised');
    await sink.close();
    expect((JSON.parse(rx.requests[0]!.body) as { blockCommand: unknown }).blockCommand).toBeNull();
  });
});

describe('webhook sink: delivery', () => {
  it('retries a 500 with back-off, then succeeds', async () => {
    rx.script({ status: 500 }, { status: 503 }, { status: 204 });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, backoffMs: 50 }), c, { random: () => 1 });
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.flush();
    expect(rx.requests).toHaveLength(3);
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    // Back-off doubles: 50 ms, then 100 ms (jitter fixed at its top).
    expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(45);
    expect(rx.requests[2]!.at - rx.requests[1]!.at).toBeGreaterThanOrEqual(95);
    expect(sink.stats()).toMatchObject({ delivered: 1, failed: 0 });
    expect(c.diagnostics).toEqual([]);
    await sink.close();
  });

  it('honours Retry-After on 429', async () => {
    rx.script({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 });
    const sink = createWebhookSink(config({ url: rx.url, backoffMs: 1 }), ctx());
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.flush();
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(sink.stats().delivered).toBe(1);
    await sink.close();
  });

  it('gives up when Retry-After asks for longer than maxDelayMs, rather than hammering', async () => {
    rx.script({ status: 503, headers: { 'Retry-After': '3600' } });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, maxDelayMs: 2000 }), c);
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.flush();
    expect(rx.requests).toHaveLength(1);
    expect(c.diagnostics.map((d) => d.message).join('\n')).toMatch(/HTTP 503.*Retry-After asks for 3600 s/);
    await sink.close();
  });

  it('a 4xx other than 408/429 is final; a redirect is not followed', async () => {
    rx.script({ status: 404 }, { status: 302, headers: { Location: '/elsewhere' } });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url }), c);
    sink.onAlert?.(makeAlert({ id: 'one' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'two' }), 'raised');
    await sink.flush();
    expect(rx.requests.map((r) => r.path)).toEqual(['/', '/']);
    expect(sink.stats()).toMatchObject({ delivered: 0, failed: 2 });
    const messages = c.diagnostics.map((d) => d.message);
    expect(messages[0]).toMatch(/gave up on notifying HIGH BRUTE_FORCE alert one after 1 attempt\(s\): HTTP 404/);
    expect(messages[1]).toMatch(/HTTP 302.*redirects are not followed/);
    expect(c.diagnostics.every((d) => d.kind === 'sink' && d.level === 'error')).toBe(true);
    await sink.close();
  });

  it('times out a server that never answers, retries, then gives up with a diagnostic', async () => {
    rx.script({ hold: true });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, timeoutMs: 200, retries: 1 }), c);
    const t0 = performance.now();
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.flush();
    expect(rx.requests).toHaveLength(2);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.message).toContain('after 2 attempt(s): no answer within 200 ms');
    await sink.close();
  });

  it('recovers after a failure and says so', async () => {
    rx.script({ status: 500 }, { status: 200 });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, retries: 0 }), c);
    sink.onAlert?.(makeAlert({ id: 'lost' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'sent' }), 'raised');
    await sink.close();
    expect(c.diagnostics.map((d) => d.level)).toEqual(['error', 'info']);
    expect(c.diagnostics[1]!.message).toMatch(/delivering again$/);
  });

  it('never blocks the pipeline: onAlert only queues, the queue is bounded and drops the oldest, counted', async () => {
    // Given a receiver that holds every answer and a queue of 3
    rx.script({ hold: true });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, queueSize: 3, timeoutMs: 10_000 }), c);
    // When 10 alerts are raised in one synchronous burst
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) sink.onAlert?.(makeAlert({ id: `alert-${i}` }), 'raised');
    const spent = performance.now() - t0;
    // Then nothing was sent during the burst, and only the last 3 are kept
    expect(rx.requests).toHaveLength(0);
    expect(spent).toBeLessThan(200);
    expect(sink.stats()).toMatchObject({ dropped: 7, pending: 3 });
    // When the receiver answers again, the kept ones are delivered in order
    await waitFor(() => rx.requests.length === 1, 'the first request');
    rx.script({ status: 200 });
    rx.release();
    await sink.flush();
    expect(rx.requests.map((r) => (JSON.parse(r.body) as { alert: { id: string } }).alert.id)).toEqual(['alert-7', 'alert-8', 'alert-9']);
    expect(sink.stats()).toMatchObject({ delivered: 3, dropped: 7, pending: 0 });
    // And the drop was one warning when it started and one count when it ended
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/queue full \(3 waiting\): dropping the oldest notifications$/),
      expect.stringMatching(/7 notification\(s\) dropped while the queue was full$/),
    ]);
    await sink.close();
  });

  it('flush waits at most flushTimeoutMs; close gives up what is left and says how many', async () => {
    rx.script({ hold: true });
    const c = ctx();
    const sink = createWebhookSink(config({ url: rx.url, timeoutMs: 30_000, flushTimeoutMs: 150 }), c);
    sink.onAlert?.(makeAlert({ id: 'x1' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'x2' }), 'raised');
    let t0 = performance.now();
    await sink.flush();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(c.diagnostics.at(-1)!.message).toMatch(/2 notification\(s\) still waiting after 150 ms/);
    t0 = performance.now();
    await sink.close();
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(c.diagnostics.at(-1)).toMatchObject({ level: 'error', message: expect.stringMatching(/stopped with 2 notification\(s\) undelivered/) });
    sink.onAlert?.(makeAlert({ id: 'late' }), 'raised');
    expect(sink.stats().pending).toBe(0);
  });
});

describe('webhook sink: secrets', () => {
  const SECRETS = ['hunter2-user', 'pa55-w0rd', 'PATHTOKEN-abc123', 'QUERYSECRET-xyz', 'HEADERSECRET-789', 'api-key-value-456'];

  it('no header value, URL user info, path or query appears in any diagnostic, whatever fails', async () => {
    const dead = await closedPort();
    const all: Diagnostic[] = [];
    const run = async (url: string, script?: Parameters<HttpReceiver['script']>) => {
      if (script) rx.script(...script);
      const c = ctx();
      const sink = createWebhookSink(
        config({ url, retries: 1, timeoutMs: 200, flushTimeoutMs: 3000, headers: { Authorization: `Bearer ${SECRETS[4]}`, 'X-Api-Key': SECRETS[5]! } }),
        c,
      );
      sink.onAlert?.(makeAlert(), 'raised');
      await sink.close();
      all.push(...c.diagnostics);
    };
    const secretUrl = (port: number) => `http://${SECRETS[0]}:${SECRETS[1]}@127.0.0.1:${port}/services/${SECRETS[2]}?token=${SECRETS[3]}`;
    await run(secretUrl(rx.port), [{ status: 401 }]);
    await run(secretUrl(rx.port), [{ status: 500, headers: { 'Retry-After': '99999' } }]);
    await run(secretUrl(rx.port), [{ status: 302, headers: { Location: `/${SECRETS[2]}` } }]);
    await run(secretUrl(rx.port), [{ hold: true }]);
    await run(secretUrl(dead));
    // The server did get the credentials
    expect(rx.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS[4]}`);
    expect(rx.requests[0]!.path).toBe(`/services/${SECRETS[2]}?token=${SECRETS[3]}`);
    // Every run said something, and nothing secret
    expect(all.length).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(all);
    for (const s of SECRETS) expect(text).not.toContain(s);
    expect(all[0]!.source).toBe(`webhook http://127.0.0.1:${rx.port}/…`);
    expect(text).toContain('ECONNREFUSED');
  });

  it('user info in the URL becomes a Basic Authorization header (fetch refuses credentials in URLs)', async () => {
    const c = ctx();
    const sink = createWebhookSink(config({ url: `http://${SECRETS[0]}:${SECRETS[1]}@127.0.0.1:${rx.port}/h` }), c);
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.close();
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${SECRETS[0]}:${SECRETS[1]}`).toString('base64')}`);
    expect(c.diagnostics).toEqual([]);
  });

  it('a bad config names the key, never the value', () => {
    const bad = { ...webhookSink.defaults, url: `ftp://u:${SECRETS[1]}@127.0.0.1/${SECRETS[2]}`, headers: { 'X-Key': `${SECRETS[4]}\r\nX-Injected: 1` } };
    let err: Error | null = null;
    try {
      webhookSink.create(bad, ctx());
    } catch (e) {
      err = e as Error;
    }
    expect(err?.name).toBe('ConfigError');
    expect(err?.message).toContain('sinks.webhook.url: expected an http:// or https:// URL');
    expect(err?.message).toContain('sinks.webhook.headers.X-Key: expected one line of text');
    for (const s of SECRETS) expect(err?.message).not.toContain(s);
  });

  it('redactUrl keeps scheme, host and port; scrubber removes every secret part', () => {
    const url = new URL(`https://${SECRETS[0]}:${SECRETS[1]}@127.0.0.1:8443/x/${SECRETS[2]}?k=${SECRETS[3]}`);
    expect(redactUrl(url)).toBe('https://127.0.0.1:8443/…');
    expect(redactUrl(new URL('http://127.0.0.1:9/'))).toBe('http://127.0.0.1:9');
    expect(redactUrl(new URL('http://127.0.0.1:9/?k=v'))).toBe('http://127.0.0.1:9/…');
    const scrub = scrubber(url, { Authorization: SECRETS[4]! });
    const out = scrub(`failed ${url.href} with ${SECRETS[4]} user ${SECRETS[0]} path /x/${SECRETS[2]}`);
    expect(scrubber(url, { Authorization: `Bearer ${SECRETS[5]}` })(`token ${SECRETS[5]} leaked`)).toBe('token … leaked');
    for (const s of SECRETS) expect(out).not.toContain(s);
    expect(out).toContain('https://127.0.0.1:8443/…');
  });
});

describe('webhook back-off arithmetic', () => {
  it('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-05-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 May 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 30 Apr 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backoffDelay doubles, is capped, and jitters within its upper half', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 100, 1000, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
    expect(backoffDelay(2, 100, 1000, () => 0)).toBe(200);
  });
});
