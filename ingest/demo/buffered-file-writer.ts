/**
 * Writes text to a file in large chunks and waits when the disk falls behind, so a million-row export streams in
 * bounded memory. Waiting also yields to the event loop, which lets the XLSX writer's zip stream drain meanwhile.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK_CHARS = 1 << 20;

export class BufferedFileWriter {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
