/** What a live source reports about itself (shown in the console header and `watch` diagnostics). */
export type SourceState = 'tailing' | 'waiting' | 'denied' | 'error' | 'done';

export interface SourceStatus {
  /** Display name (file path, `demo`, `stdin`, `journal`, `udp://…`). Escape before display. */
  name: string;
  state: SourceState;
  /** Human-readable detail for `waiting`/`denied`/`error`. */
  detail?: string;
}
