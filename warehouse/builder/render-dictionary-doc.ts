/**
 * `npm run docs`: regenerates docs/data-dictionary.md from the table documentation. A test fails when the committed
 * file and the documentation drift apart.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_DIR, TRANSFORMS_DIR } from '../project-paths.ts';
import { dictionaryEntries, readPublishedTables, renderDictionaryMarkdown } from './data-dictionary.ts';

export const DICTIONARY_DOC = fileURLToPath(new URL('../../docs/data-dictionary.md', import.meta.url));

export async function renderProjectDictionary(): Promise<string> {
  return renderDictionaryMarkdown(dictionaryEntries(await readPublishedTables(TRANSFORMS_DIR, CATALOGUE_DIR)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(DICTIONARY_DOC, await renderProjectDictionary());
  process.stderr.write(`wrote ${DICTIONARY_DOC}\n`);
}
