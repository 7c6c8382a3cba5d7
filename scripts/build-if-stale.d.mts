/** Every input of the build, relative to `root`, with its mtime in ms. */
export function buildInputs(root: string): Record<string, number>;
/** Records the inputs as built (called after a successful build). */
export function writeBuildStamp(root: string): void;
/** Whether dist/ must be rebuilt, and why. */
export function buildState(root: string): { stale: boolean; reason: string };
