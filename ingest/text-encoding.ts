/**
 * Field offices save CSV from Excel in Spanish or French locales, which writes Windows-1252, not UTF-8. DuckDB reads
 * only UTF-8 (and Latin-1, which gets `’`, `€` and `œ` wrong) without the encodings extension, which an offline
 * machine cannot install; so a file that is not valid UTF-8 is converted before it lands. Both passes stream.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';

export type Encoding = 'utf-8' | 'windows-1252';

/** Whether every byte of the file is valid UTF-8 (a BOM is fine). */
export async function isUtf8(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export async function transcodeToUtf8(file: string, from: Encoding, target: string): Promise<void> {
  const decoder = new TextDecoder(from);
  const out = createWriteStream(target, 'utf8');
  // Always `stream: true`: Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut that turns 0x92 into
  // U+0092 instead of ’ (a test pins this).
  for await (const chunk of createReadStream(file)) {
    if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
  }
  out.end(decoder.decode());
  await once(out, 'finish');
}
