/** Every responder backend, in one list (the catalogue takes it from here). Each entry is one file. */
import { z } from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { ResponderDefinition } from './responder.js';
import { createSimulatedResponder } from './simulate.js';

const simulateSchema = z.strictObject({});

export const simulateResponder: ResponderDefinition<z.output<typeof simulateSchema>> = definePlugin({
  kind: 'responder',
  id: 'simulate',
  configKey: 'simulate',
  description: 'records blocks and their expiry; changes nothing on this system',
  schema: simulateSchema,
  create: (_config, ctx) => createSimulatedResponder({ now: ctx.now }),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each backend has its own config type
export const responders: readonly ResponderDefinition<any>[] = [simulateResponder];
export type { Responder, ResponderContext, ResponderDefinition } from './responder.js';
