#!/usr/bin/env node
// The `veta` executable. It runs the TypeScript sources through tsx, so a fresh clone needs no compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
