/** The rows of the table views (blocks, diagnostics, hosts), from the runtime's state. Pure. */
import type { BlockRecord, ConsoleDiagnostic, ConsoleState, HostStatus } from '../console/types.js';

/** Blocks, the most recent first. */
export function blockRows(blocks: readonly BlockRecord[]): BlockRecord[] {
  return [...blocks].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/**
 * The diagnostics channel's conditions, newest first: the runtime's when it provides them, else
 * what the console has — the engine's diagnostics (counted by kind, message and place) and the
 * warnings.
 */
export function diagnosticRows(state: Pick<ConsoleState, 'diagnostics' | 'snapshot' | 'warnings'>): readonly ConsoleDiagnostic[] {
  if (state.diagnostics) return [...state.diagnostics].reverse();
  const rows = new Map<string, ConsoleDiagnostic>();
  for (const d of state.snapshot.diagnostics) {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}` : undefined;
    const id = `${d.kind}\u0000${d.message}\u0000${where ?? ''}`;
    const row = rows.get(id);
    if (row) row.count++;
    else rows.set(id, { kind: d.kind, level: d.kind === 'source' || d.kind === 'store' ? 'error' : 'warning', message: d.message, where, count: 1, lastAt: 0 });
  }
  return [...state.warnings.map((w): ConsoleDiagnostic => ({ kind: 'warning', level: 'warning', message: w, count: 1, lastAt: 0 })), ...[...rows.values()].reverse()];
}

/** Hosts by name. */
export function hostRows(hosts: readonly HostStatus[]): HostStatus[] {
  return [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
