/**
 * IP addresses fitted into a column without losing what tells them apart. An address that fits is
 * shown whole. A longer one (an IPv6 address in a narrow terminal) is shortened in the middle —
 * `2001:db8:…:c177`, keeping the network at the head and the host at the tail — never cut at the
 * end, and never to a form another address of the same list could also take: two different
 * addresses are never shown the same way.
 */

/** Shortened forms of `ip` that fit in `width`, the most informative first. */
export function shortForms(ip: string, width: number): string[] {
  const out: string[] = [];
  const chars = [...ip];
  if (width < 3) return out;
  const groups = ip.split(':');
  if (groups.length >= 3) {
    // whole groups kept at each end: 2001:db8:ffff:…:ffff:c177
    const forms: Array<{ text: string; shown: number; tail: number }> = [];
    for (let head = 1; head < groups.length - 1; head++) {
      for (let tail = 1; head + tail < groups.length; tail++) {
        const text = `${groups.slice(0, head).join(':')}:…:${groups.slice(-tail).join(':')}`;
        if ([...text].length <= width) forms.push({ text, shown: [...text].length, tail });
      }
    }
    forms.sort((a, b) => b.shown - a.shown || b.tail - a.tail);
    out.push(...forms.map((f) => f.text));
  }
  // any characters at each end, most balanced first (also for dotted quads in a very narrow column)
  const room = width - 1;
  const splits: Array<[number, number]> = [];
  for (let head = 1; head < room; head++) splits.push([head, room - head]);
  splits.sort((a, b) => Math.abs(a[0] - a[1]) - Math.abs(b[0] - b[1]) || b[1] - a[1]);
  for (const [head, tail] of splits) out.push(`${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`);
  return out;
}

/**
 * The text to show for each address of `ips` that does not fit in `width` (addresses that fit are
 * not in the map), or null when the column is too narrow to tell some of them apart (see
 * `minimumIpWidth`). A shortened form is used only when no other address of `ips` can take it.
 */
export function fitIpsApart(ips: Iterable<string>, width: number): Map<string, string> | null {
  const long = new Set<string>();
  for (const ip of ips) if ([...ip].length > width) long.add(ip);
  const out = new Map<string, string>();
  if (long.size === 0) return out;
  const formsOf = new Map<string, string[]>();
  const takers = new Map<string, number>();
  for (const ip of long) {
    const forms = shortForms(ip, width);
    formsOf.set(ip, forms);
    for (const f of new Set(forms)) takers.set(f, (takers.get(f) ?? 0) + 1);
  }
  for (const ip of long) {
    const form = (formsOf.get(ip) ?? []).find((f) => takers.get(f) === 1);
    if (form === undefined) return null;
    out.set(ip, form);
  }
  return out;
}

/**
 * `fitIpsApart`, or when the column is too narrow for that, the addresses cut at the end (the
 * layout widens the column with `minimumIpWidth` so that this does not happen on screen).
 */
export function fitIps(ips: Iterable<string>, width: number): Map<string, string> {
  const list = [...ips];
  const apart = fitIpsApart(list, width);
  if (apart) return apart;
  const out = new Map<string, string>();
  for (const ip of list) if ([...ip].length > width) out.set(ip, `${[...ip].slice(0, Math.max(0, width - 1)).join('')}…`);
  return out;
}

/** The narrowest column, from `from` up, in which every address of `ips` reads differently. */
export function minimumIpWidth(ips: readonly string[], from: number): number {
  const longest = Math.max(0, ...ips.map((ip) => [...ip].length));
  for (let w = Math.max(3, from); w < longest; w++) if (fitIpsApart(ips, w) !== null) return w;
  return Math.max(from, longest);
}
