/**
 * RFC 3339 / ISO 8601 timestamps read by hand (no regex, no Date.parse): `YYYY-MM-DDThh:mm:ss`,
 * an optional fraction of 1–9 digits, and `Z`, `±hh:mm` or `±hhmm` (Suricata). Naive stamps (no
 * offset) are accepted only when asked, and then mean UTC (the predecessor's `utcnow()` strings).
 */

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(text: string, i: number): number {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Milliseconds since the epoch for the timestamp in `text[start, end)`, or NaN when it is not one.
 * `naiveIsUtc`: accept a stamp without offset and read it as UTC.
 */
export function parseRfc3339(text: string, start = 0, end = text.length, naiveIsUtc = false): number {
  if (end - start < 19) return NaN;
  const y1 = two(text, start);
  const y2 = two(text, start + 2);
  if (y1 < 0 || y2 < 0) return NaN;
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
  const sep = text.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 116 && sep !== 32 && sep !== 95) return NaN; // T, t, space or _ (socklog)
  if (text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return NaN;
  const month = two(text, start + 5);
  const day = two(text, start + 8);
  const hour = two(text, start + 11);
  const minute = two(text, start + 14);
  const second = two(text, start + 17);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23) return NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = start + 19;
  let ms = 0;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    let digits = 0;
    let scale = 100;
    while (i < end) {
      const d = digit(text, i);
      if (d < 0) break;
      if (digits < 3) ms += d * scale;
      scale /= 10;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 9) return NaN;
  }
  let offset = 0;
  if (i === end) {
    if (!naiveIsUtc) return NaN;
  } else {
    const c = text.charCodeAt(i);
    if (c === 90 || c === 122) {
      if (i + 1 !== end) return NaN;
    } else if (c === 43 || c === 45) {
      const oh = two(text, i + 1);
      let j = i + 3;
      if (text.charCodeAt(j) === 58) j++;
      const om = two(text, j);
      if (oh < 0 || om < 0 || oh > 23 || om > 59 || j + 2 !== end) return NaN;
      offset = (oh * 60 + om) * 60_000 * (c === 45 ? -1 : 1);
    } else {
      return NaN;
    }
  }
  const utc = Date.UTC(y1 * 100 + y2, month - 1, day, hour, minute, second, ms);
  return utc - offset;
}
