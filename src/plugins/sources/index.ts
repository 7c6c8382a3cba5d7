/**
 * Every live source, in one list (the catalogue takes it from here). Each entry is one file.
 */
import { fileSource } from './file-source.js';
import { demoSource } from './demo-source.js';
import type { SourceDefinition } from './source.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source has its own config type
export const sources: readonly SourceDefinition<any>[] = [fileSource, demoSource];
export type { SourceContext, SourceDefinition, SourceHandle } from './source.js';
