/**
 * Where a list tells the mouse which rows it drew: the alert list and the tables record their visible
 * slice while they render, so a click maps to the row that is on screen, whatever the list's sticky
 * scroll position (components/AlertList.tsx, components/Table.tsx). The App provides the record.
 */
import { createContext, useContext } from 'react';
import type { ShownLists, ShownRows } from '../state/mouse-target.js';

/** The App's record of the rows on screen; null (nothing recorded) without the mouse. */
export const ShownRowsContext = createContext<ShownLists | null>(null);

/** Records that `list` drew `rows` (during the render: what is recorded is what is drawn). */
export function useShownRows(list: keyof ShownLists, rows: () => ShownRows): void {
  const record = useContext(ShownRowsContext);
  if (record) record[list] = rows();
}
