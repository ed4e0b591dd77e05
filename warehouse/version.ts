/** Veta's version, written into every batch and snapshot so a figure can be traced to the code that made it. */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const VETA_VERSION: string = manifest.version;
