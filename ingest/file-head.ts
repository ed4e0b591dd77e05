/**
 * The first bytes of a file, for the checks that decide how to read it (its format, encoding, layout) before anything
 * reads it whole: a file of gigabytes is opened for a few kilobytes.
 */
import { open } from 'node:fs/promises';

/** Up to `bytes` bytes from the start of `file`; fewer when the file is shorter. */
export async function fileHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
