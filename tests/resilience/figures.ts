/**
 * How hard the resilience suites push, and where they leave their figures.
 *
 * `npm test` runs each suite at a small scale so a broken guarantee shows up on every change; `npm run
 * test:resilience` sets VETA_RESILIENCE=full for the counts the guarantees are stated at (20 kill trials per step,
 * 10,000 cases per parser). Each suite records what it ran (trials, survived, rows lost, cases) in
 * reports/resilience/<suite>.json, and the runner prints them all at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FULL_SCALE = process.env.VETA_RESILIENCE === 'full';
export const FIGURES_DIR = fileURLToPath(new URL('../../reports/resilience/', import.meta.url));

/** The small count inside `npm test`, the full one under `npm run test:resilience`. */
export function atScale(small: number, full: number): number {
  return FULL_SCALE ? full : small;
}

export type Figures = Record<string, number | string>;

/** Writes one suite's figures; a later call for the same suite replaces them. */
export function recordFigures(suite: string, figures: Figures): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(path.join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify({ suite, scale: FULL_SCALE ? 'full' : 'small', ...figures }, null, 2)}\n`);
}
