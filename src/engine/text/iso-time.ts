/**
 * `new Date(ms).toISOString()` for event times, memoized: formatting a date is a call into V8's C++
 * side (~1 µs), and the same stamps come back again and again (evidence, `firstSeen`/`lastSeen` each
 * time an alert is rebuilt, every event `parse` prints; syslog times are whole seconds, shared by
 * the lines of a burst). A direct-mapped table keyed by the instant: an instant whose slot another
 * took since is formatted again. Throws like `toISOString` on a time that is not one (NaN).
 */
const SLOT_BITS = 10;
const keys = new Float64Array(1 << SLOT_BITS).fill(NaN);
const texts: string[] = new Array<string>(1 << SLOT_BITS).fill('');

export function isoTime(ms: number): string {
  // By the second, so that consecutive seconds take consecutive slots (`&` keeps the low bits of the
  // whole seconds; instants 1024 s apart share a slot and take it from each other).
  const slot = (ms / 1000) & ((1 << SLOT_BITS) - 1);
  if (keys[slot] === ms) return texts[slot]!;
  const text = new Date(ms).toISOString();
  keys[slot] = ms;
  texts[slot] = text;
  return text;
}
