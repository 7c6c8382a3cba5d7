/** Every responder backend, in the order `--blocker` lists them; the runtime puts them in the catalogue. */
import { commandResponder } from './command.js';
import type { ResponderDefinition } from './responder.js';
import { iptablesResponder } from './iptables.js';
import { nftablesResponder } from './nftables.js';
import { simulateResponder } from './simulate.js';
import { ufwResponder } from './ufw.js';

export { commandResponder } from './command.js';
export { iptablesResponder } from './iptables.js';
export { nftablesResponder } from './nftables.js';
export { simulateResponder } from './simulate.js';
export { ufwResponder } from './ufw.js';

/** Every responder backend, in the order the catalogue lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each backend has its own config type
export const responders: readonly ResponderDefinition<any>[] = [simulateResponder, nftablesResponder, iptablesResponder, ufwResponder, commandResponder];
