/**
 * The source plugins, for the catalogue: each is `{kind: 'source', id, configKey, description,
 * schema, defaults, create(config, ctx)}` (see `source.ts` for the context and the handle).
 */
import { demoSource } from './demo.js';
import { fileSource } from './file.js';
import { journaldSource } from './journald.js';
import { stdinSource } from './stdin.js';
import { syslogSource } from './syslog.js';
import type { SourceDefinition } from './source.js';

export { demoSource } from './demo.js';
export type { DemoSourceConfig } from './demo.js';
export { fileSource } from './file.js';
export type { FileSourceConfig } from './file.js';
export type { FileCheckpoint } from './file-follower.js';
export { journaldSource } from './journald.js';
export type { JournalCheckpoint, JournaldSourceConfig } from './journald.js';
export { stdinSource } from './stdin.js';
export type { StdinSourceConfig } from './stdin.js';
export { syslogSource } from './syslog.js';
export type { SyslogHandle, SyslogSourceConfig, SyslogStats } from './syslog.js';

export type { SourceContext, SourceDefinition, SourceHandle } from './source.js';

/** Every source, in the order the catalogue lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source has its own config type
export const sources: readonly SourceDefinition<any>[] = [fileSource, journaldSource, syslogSource, stdinSource, demoSource];

export type AnySourceDefinition = SourceDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
