/**
 * Every text colour the portal's styles declare reads at WCAG AA (4.5:1) against the background it is drawn on: the
 * background its own rule sets, else the page's. Field offices read these pages on old screens in bright light.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../portal/src/', import.meta.url));
const PAGE_BACKGROUND = '#f7f6f2';

/** sRGB relative luminance of #rgb or #rrggbb. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function svelteFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.svelte')).map((e) => path.join(e.parentPath, e.name));
}

describe('text contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('every declared text colour reads at 4.5:1 on its background', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const file of await svelteFiles(SRC)) {
      const css = /<style>([\s\S]*?)<\/style>/.exec(await readFile(file, 'utf8'))?.[1] ?? '';
      for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
        const text = /(?:^|[;\s])color:\s*(#[0-9a-fA-F]{3,6})\b/.exec(body)?.[1];
        if (!text) continue;
        const background = /background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})\b/.exec(body)?.[1] ?? PAGE_BACKGROUND;
        checked += 1;
        const ratio = contrast(text, background);
        if (ratio < 4.5) failures.push(`${path.relative(SRC, file)} ${selector.trim()}: ${text} on ${background} = ${ratio.toFixed(2)}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});
