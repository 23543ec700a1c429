import { readFileSync } from 'node:fs';

/** gazette's own version, from its package.json. */
export const GAZETTE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
