/**
 * Reads zip archives (ODK Central exports, XLSX workbooks) from disk without holding them in memory, and refuses
 * archives that would unpack to far more than any survey export: a member's declared size is checked against the
 * limits before a byte is inflated, and a member that inflates past what it declared is refused (while unpacking
 * here, or, for a workbook exceljs will read, by `verifyZipSizes` first).
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface ZipLimits {
  /** The largest a single member may unpack to. */
  maxMemberBytes: number;
  /** The largest all selected members together may unpack to. */
  maxTotalBytes: number;
  /**
   * The highest compression ratio a large member may have. Survey CSVs compress 5–20 times; a member that claims
   * hundreds of megabytes from a few kilobytes is a zip bomb, not an export.
   */
  maxRatio: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxMemberBytes: 4096 * MiB, maxTotalBytes: 16_384 * MiB, maxRatio: 200 };

/** Below this size a member's ratio is not judged: a small file of repeated cells compresses very well. */
const RATIO_FLOOR = 16 * MiB;

export interface ZipMember {
  name: string;
  isDirectory: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

/** Thrown for an archive Veta will not unpack (too large, or a member that would land outside it); says which and why. */
export class ZipRefusedError extends Error {
  override name = 'ZipRefusedError';
}

/**
 * The most members an archive may list. Listing takes about 0.1 ms a member and each is held while the archive is
 * read; an export's tables and media stay far below this, while a zip64 archive could claim millions of members.
 */
export const MAX_ZIP_MEMBERS = 100_000;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error) return reject(error);
      if (zip.entryCount <= MAX_ZIP_MEMBERS) return resolve(zip);
      zip.close();
      reject(new ZipRefusedError(`the archive lists ${zip.entryCount.toLocaleString('en')} members: too many (the limit is ${MAX_ZIP_MEMBERS.toLocaleString('en')})`));
    });
  });
}

async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => settle(() => resolve(e));
      const onEnd = () => settle(() => resolve(null));
      const onError = (error: Error) => settle(() => reject(refusedName(error) ?? error));
      const settle = (then: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        then();
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    // No file system takes a NUL in a name: a member named so is made to confuse whatever unpacks it.
    if (entry.fileName.includes('\0')) {
      throw new ZipRefusedError(`member ${JSON.stringify(entry.fileName)} has a NUL character in its name: refused, an export never holds such a name`);
    }
    yield entry;
  }
}

/** yauzl stops at a member named `../x` or `/x`; that is a hostile archive, said so plainly. */
function refusedName(error: Error): ZipRefusedError | undefined {
  const found = /^(invalid relative path|absolute path): (.*)$/.exec(error.message);
  if (!found) return undefined;
  return new ZipRefusedError(`member ${found[2]} points outside the archive: refused, an export never holds such a path`);
}

const toMember = (entry: yauzl.Entry): ZipMember => ({
  name: entry.fileName,
  isDirectory: entry.fileName.endsWith('/'),
  compressedSize: entry.compressedSize,
  uncompressedSize: entry.uncompressedSize,
});

const megabytes = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MB`;

/** Why a member is refused, or undefined when it is within the limits. */
export function memberOverLimit(member: ZipMember, limits: ZipLimits): string | undefined {
  if (member.uncompressedSize > limits.maxMemberBytes) {
    return `member ${member.name} would unpack to ${megabytes(member.uncompressedSize)}: too large (the limit is ${megabytes(limits.maxMemberBytes)} per member)`;
  }
  const ratio = member.uncompressedSize / Math.max(1, member.compressedSize);
  if (member.uncompressedSize > RATIO_FLOOR && ratio > limits.maxRatio) {
    return (
      `member ${member.name} would unpack to ${megabytes(member.uncompressedSize)} from ${megabytes(member.compressedSize)} ` +
      `(${Math.round(ratio)}:1): too large for what it holds, refused as a possible zip bomb`
    );
  }
  return undefined;
}

/** The archive's members as its central directory lists them; nothing is inflated. */
export async function listZip(file: string): Promise<ZipMember[]> {
  const zip = await openZip(file);
  try {
    const members: ZipMember[] = [];
    for await (const entry of entries(zip)) members.push(toMember(entry));
    return members;
  } finally {
    zip.close();
  }
}

/** Checks every member, or those `select` keeps, against the limits; throws a ZipRefusedError naming the first offender. */
export function checkZipLimits(members: readonly ZipMember[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  let total = 0;
  let compressed = 0;
  for (const member of members) {
    const over = memberOverLimit(member, limits);
    if (over) throw new ZipRefusedError(over);
    total += member.uncompressedSize;
    compressed += member.compressedSize;
    if (total > limits.maxTotalBytes) {
      throw new ZipRefusedError(`the archive would unpack to more than ${megabytes(limits.maxTotalBytes)}: too large`);
    }
  }
  // Members each just under the size at which their ratio is judged add up: a thousand of 15 MB from 15 KB each is a
  // zip bomb of 15 GB that no single member gives away, so the archive's ratio is judged as a member's is.
  const ratio = total / Math.max(1, compressed);
  if (total > RATIO_FLOOR && ratio > limits.maxRatio) {
    throw new ZipRefusedError(
      `the archive's ${members.length} members would unpack to ${megabytes(total)} from ${megabytes(compressed)} ` +
        `(${Math.round(ratio)}:1): too large for what they hold, refused as a possible zip bomb`,
    );
  }
}

/**
 * Streams the members `select` keeps to the paths it returns (members it maps to undefined are skipped), after
 * checking their declared sizes against the limits. Returns the members written, in archive order.
 */
export async function unpackZip(
  file: string,
  select: (member: ZipMember) => string | undefined,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<{ member: ZipMember; path: string }[]> {
  const wanted = (await listZip(file)).filter((m) => !m.isDirectory && select(m) !== undefined);
  checkZipLimits(wanted, limits);
  const zip = await openZip(file);
  try {
    const written: { member: ZipMember; path: string }[] = [];
    for await (const entry of entries(zip)) {
      const member = toMember(entry);
      const target = member.isDirectory ? undefined : select(member);
      if (target === undefined) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
      );
      await pipeline(stream, createWriteStream(target)).catch((error: Error) => {
        throw overrun(entry, error);
      });
      written.push({ member, path: target });
    }
    return written;
  } finally {
    zip.close();
  }
}

/** An archive open for reading its members by name, in any order. */
export interface ZipMembers {
  /** Every member's name, in archive order. */
  names: string[];
  open(name: string): Promise<NodeJS.ReadableStream>;
}

/** Opens the archive, lets `work` read its members by name, and closes it. */
export async function readZipMembers<T>(file: string, work: (zip: ZipMembers) => Promise<T>): Promise<T> {
  const zip = await openZip(file);
  try {
    const byName = new Map<string, yauzl.Entry>();
    for await (const entry of entries(zip)) if (!byName.has(entry.fileName)) byName.set(entry.fileName, entry);
    const open = (name: string) =>
      new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        const entry = byName.get(name);
        if (!entry) return reject(new Error(`no member ${name}`));
        zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
      });
    return await work({ names: [...byName.keys()], open });
  } finally {
    zip.close();
  }
}

/**
 * Why a member could not be inflated: past the size it declares (yauzl stops it there), a zip bomb; else damaged data,
 * said in yauzl's or zlib's words.
 */
function overrun(entry: yauzl.Entry, error: Error): Error {
  if (!/too many bytes in the stream/.test(error.message)) return new Error(`member ${entry.fileName}: ${error.message}`, { cause: error });
  return new ZipRefusedError(
    `member ${entry.fileName} unpacks to more than the ${megabytes(entry.uncompressedSize)} it declares: refused as a possible zip bomb ` +
      `(${error.message})`,
    { cause: error },
  );
}

/**
 * Inflates every member once, into nothing, to prove that none unpacks to more than its declared size (yauzl stops a
 * stream that runs past it). For archives another library unpacks afterwards (exceljs reads workbooks) and which
 * would otherwise trust the declared sizes `checkZipLimits` judged.
 */
export async function verifyZipSizes(file: string): Promise<void> {
  const zip = await openZip(file);
  try {
    for await (const entry of entries(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
      );
      await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() })).catch((error: Error) => {
        throw overrun(entry, error);
      });
    }
  } finally {
    zip.close();
  }
}
