/** The rows of the table views (blocks, diagnostics, hosts), from the runtime's state. Pure. */
import type { BlockRecord, ConsoleDiagnostic, ConsoleState, HostStatus } from '../console/types.js';

/** Blocks, the most recent first. */
export function blockRows(blocks: readonly BlockRecord[]): BlockRecord[] {
  return [...blocks].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

const STATE_ORDER: Record<string, number> = { active: 0, failed: 1, expired: 2, unblocked: 3 };

/**
 * The rows of the blocks view: the runtime's block records when it provides them (active ones
 * first, then failed, then expired; lifted ones are history, not listed), else the active blocks.
 * Each group the most recent first.
 */
export function blockViewRows(state: Pick<ConsoleState, 'blocks' | 'blockRecords'>): BlockRecord[] {
  if (!state.blockRecords) return blockRows(state.blocks);
  return blockRows(state.blockRecords.filter((b) => (b.state ?? 'active') !== 'unblocked')).sort(
    (a, b) => (STATE_ORDER[a.state ?? 'active'] ?? 0) - (STATE_ORDER[b.state ?? 'active'] ?? 0),
  );
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
