/**
 * Writes zip archives byte by byte, for the hostile archives no zip library will make: member names kept exactly as
 * given (`../x`, `C:\x`, a NUL), sizes that lie about what a member inflates to, one compressed body shared by a
 * thousand members, tens of thousands of members. Deflate or store only, no zip64, one disk.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** The name as stored: a string is written as UTF-8 (and flagged so), a Buffer as its bytes. */
  name: string | Buffer;
  /** The member's body as stored in the archive. */
  body: Buffer;
  method: 'deflate' | 'store';
  crc: number;
  /** What the member says it unpacks to. */
  uncompressedSize: number;
}

/** A member holding `content`, deflated; `declaredSize` makes it claim another size than it has. */
export function deflated(name: string | Buffer, content: Buffer, declaredSize = content.length): ZipEntry {
  return { name, body: deflateRawSync(content, { level: 9 }), method: 'deflate', crc: crc32(content), uncompressedSize: declaredSize };
}

export function stored(name: string | Buffer, content: Buffer): ZipEntry {
  return { name, body: content, method: 'store', crc: crc32(content), uncompressedSize: content.length };
}

const DOS_DATE = ((2024 - 1980) << 9) | (3 << 5) | 1;

/**
 * The archive of `entries`, in order. `claimedEntries` writes zip64 end records that say the archive has that many
 * members, whatever its central directory holds.
 */
export function zipBytes(entries: readonly ZipEntry[], claimedEntries?: number): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const flags = typeof entry.name === 'string' ? 0x0800 : 0;
    const method = entry.method === 'deflate' ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.body.length, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x031e, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(entry.crc >>> 0, 16);
    header.writeUInt32LE(entry.body.length, 20);
    header.writeUInt32LE(entry.uncompressedSize, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(0, 30); // extra and comment lengths
    header.writeUInt32LE(0, 34); // disk, internal attributes
    header.writeUInt32LE(0, 38); // external attributes
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.body);
    central.push(header, name);
    offset += local.length + name.length + entry.body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(claimedEntries === undefined ? entries.length : 0xffff, 8);
  end.writeUInt16LE(claimedEntries === undefined ? entries.length : 0xffff, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  if (claimedEntries === undefined) return Buffer.concat([...locals, directory, end]);
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(0x06064b50, 0);
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeUInt16LE(45, 12);
  zip64End.writeUInt16LE(45, 14);
  zip64End.writeBigUInt64LE(BigInt(claimedEntries), 24);
  zip64End.writeBigUInt64LE(BigInt(claimedEntries), 32);
  zip64End.writeBigUInt64LE(BigInt(directory.length), 40);
  zip64End.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, directory, zip64End, locator, end]);
}
