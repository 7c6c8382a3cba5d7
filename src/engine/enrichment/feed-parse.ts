/**
 * Threat-intel feed parsing (pure: text in, entries and per-line errors out).
 *
 * Accepted formats:
 * - CSV with a header naming an `ip` column, optional `reason` and `source` columns (RFC 4180
 *   quoting, `""` inside quotes); a `.csv` file without such a header is read as `ip,reason,source`.
 * - Plain lists, one IP or CIDR per line: FireHOL `.netset`/`.ipset`, Spamhaus DROP
 *   (`1.2.3.0/24 ; SBL123`, the text after `;` becomes the reason). `#` and `;` start comments;
 *   text after the address on the same line is kept as the reason.
 * IPv4 and IPv6, bare addresses or networks; host bits are cleared.
 */
import { parseNetwork, type Network } from './network.js';

export interface FeedEntry {
  /** The entry as written in the feed. */
  entry: string;
  network: Network;
  reason: string | null;
  source: string | null;
  /** Feed file base name. */
  file: string;
  line: number;
}

export interface FeedError {
  file: string;
  line: number;
  message: string;
}

export interface ParsedFeed {
  entries: FeedEntry[];
  errors: FeedError[];
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? path : path.slice(i + 1);
}

/** Splits one CSV record (no embedded newlines). Returns null on an unterminated quote. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        const ch = line[i] as string;
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += ch;
        i++;
      }
      while (i < line.length && line[i] !== ',') i++;
    } else {
      const next = line.indexOf(',', i);
      const end = next === -1 ? line.length : next;
      field = line.slice(i, end);
      i = end;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++; // skip the comma
  }
}

function emptyToNull(s: string | undefined): string | null {
  if (s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

interface Columns {
  ip: number;
  reason: number;
  source: number;
}

function headerColumns(fields: readonly string[]): Columns | null {
  const names = fields.map((f) => f.trim().toLowerCase());
  const ip = names.indexOf('ip');
  if (ip === -1) return null;
  return { ip, reason: names.indexOf('reason'), source: names.indexOf('source') };
}

export function parseFeed(text: string, file: string): ParsedFeed {
  const name = baseName(file);
  const entries: FeedEntry[] = [];
  const errors: FeedError[] = [];
  const lines = text.split(/\r?\n/);
  const isCsvName = /\.csv$/i.test(name);
  let mode: 'unknown' | 'csv' | 'list' = 'unknown';
  let cols: Columns = { ip: 0, reason: 1, source: 2 };

  for (let idx = 0; idx < lines.length; idx++) {
    const lineNo = idx + 1;
    let raw = lines[idx] as string;
    if (idx === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;

    if (mode === 'unknown') {
      const fields = trimmed.includes(',') || isCsvName ? splitCsvLine(trimmed) : null;
      const header = fields === null ? null : headerColumns(fields);
      if (header !== null) {
        mode = 'csv';
        cols = header;
        continue;
      }
      mode = isCsvName ? 'csv' : 'list';
    }

    const bad = (message: string): void => {
      errors.push({ file, line: lineNo, message });
    };

    if (mode === 'csv') {
      const fields = splitCsvLine(trimmed);
      if (fields === null) {
        bad('unterminated quoted field');
        continue;
      }
      const ipText = (fields[cols.ip] ?? '').trim();
      if (ipText === '') {
        bad('missing ip');
        continue;
      }
      const network = parseNetwork(ipText);
      if (typeof network === 'string') {
        bad(network);
        continue;
      }
      entries.push({
        entry: ipText,
        network,
        reason: cols.reason === -1 ? null : emptyToNull(fields[cols.reason]),
        source: cols.source === -1 ? null : emptyToNull(fields[cols.source]),
        file: name,
        line: lineNo,
      });
      continue;
    }

    // Plain list: entry, optional "; comment" (Spamhaus) or trailing text, "#" comment.
    let body = trimmed;
    const hash = body.indexOf('#');
    if (hash !== -1) body = body.slice(0, hash);
    let reason: string | null = null;
    const semi = body.indexOf(';');
    if (semi !== -1) {
      reason = emptyToNull(body.slice(semi + 1));
      body = body.slice(0, semi);
    }
    body = body.trim();
    const space = body.search(/\s/);
    const entryText = space === -1 ? body : body.slice(0, space);
    if (space !== -1 && reason === null) reason = emptyToNull(body.slice(space + 1));
    if (entryText === '') continue;
    const network = parseNetwork(entryText);
    if (typeof network === 'string') {
      bad(network);
      continue;
    }
    entries.push({ entry: entryText, network, reason, source: null, file: name, line: lineNo });
  }
  return { entries, errors };
}
