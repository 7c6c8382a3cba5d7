/**
 * `threatwatch-tui config`: prints the effective configuration — every plugin's defaults from the
 * catalogue merged with the config file — as YAML (or JSON), ready to copy and edit.
 */
import { stringify } from 'yaml';
import { catalogue } from '../catalogue.js';
import { configPathFor, prepareDetection } from '../runtime/prepare-detection.js';
import { writeOut, type Io } from './io.js';

export interface ConfigOptions {
  config?: string;
  json?: boolean;
}

export async function runConfig(opts: ConfigOptions, io: Io): Promise<number> {
  const { config } = await prepareDetection({ config: opts.config }, { ...io, stderr: io.stderr }, Date.now());
  const file = configPathFor(opts.config, io.env);
  if (opts.json) {
    writeOut(io, JSON.stringify(config, null, 2) + '\n');
    return 0;
  }
  const describe = (list: readonly { configKey: string; description: string }[]) => list.map((d) => `#   ${d.configKey}: ${d.description}`).join('\n');
  const header = [
    `# threatwatch-tui effective configuration (${file ? `from ${file}` : 'defaults: no config file'})`,
    '# Copy it to ~/.config/threatwatch/config.yaml (or pass --config FILE) and edit.',
    '# rules:',
    describe(catalogue.rules),
    '# responders (responder.backend picks one):',
    describe(catalogue.responders),
    '# sources:',
    describe(catalogue.sources),
    '# sinks:',
    describe(catalogue.sinks),
    '',
  ].join('\n');
  writeOut(io, header + stringify(config));
  return 0;
}
