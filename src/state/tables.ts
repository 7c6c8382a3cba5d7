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
export function diagnosticRows(state: Pick<ConsoleState, 'diagnostics' | 'warnings'>): readonly ConsoleDiagnostic[] {
  if (state.diagnostics) return [...state.diagnostics].reverse();
  return state.warnings.map((w): ConsoleDiagnostic => ({ kind: 'warning', level: 'warning', message: w, count: 1, lastAt: 0 }));
}

/** Hosts by name. */
export function hostRows(hosts: readonly HostStatus[]): HostStatus[] {
  return [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
