/**
 * Stamps every entry of a finished zip file (an XLSX) with one date. Zip writers record the current time in each
 * entry, so two runs of the same seed would otherwise differ in a few bytes; exceljs's streaming writer offers no
 * way to pass a date. The central directory at the end of the file lists every entry with the offset of its local
 * header, so both copies of the date are rewritten in place, whatever the size of the file (zip64 included).
 */
import { open } from 'node:fs/promises';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

/** MS-DOS time and date fields (two-second resolution, no zone: the UTC wall clock is used). */
function dosStamp(date: Date): Buffer {
  const stamp = Buffer.alloc(4);
  stamp.writeUInt16LE((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2), 0);
  stamp.writeUInt16LE(((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(), 2);
  return stamp;
}

export async function setZipEntryDates(file: string, date: Date): Promise<number> {
  const handle = await open(file, 'r+');
  const read = async (length: number, position: number) => {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, position);
    return buffer;
  };
  try {
    const { size } = await handle.stat();
    const tailStart = Math.max(0, size - MAX_EOCD_SEARCH - 20);
    const tail = await read(size - tailStart, tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0 && eocd < 0; i -= 1) if (tail.readUInt32LE(i) === EOCD) eocd = i;
    if (eocd < 0) throw new Error(`${file}: not a zip file (no end of central directory)`);

    let entries = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new Error(`${file}: zip64 locator missing`);
      const record = await read(56, Number(tail.readBigUInt64LE(locator + 8)));
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new Error(`${file}: zip64 end of central directory missing`);
      entries = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }

    const stamp = dosStamp(date);
    const directory = await read(directorySize, directoryOffset);
    let at = 0;
    for (let n = 0; n < entries; n += 1) {
      if (directory.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`${file}: central directory entry ${n} is damaged`);
      stamp.copy(directory, at + 12);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localOffset = directory.readUInt32LE(at + 42);
      if (localOffset === 0xffffffff) localOffset = zip64LocalOffset(directory, at, nameLength, extraLength);
      const local = await read(4, localOffset);
      if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`${file}: local header of entry ${n} not found`);
      await handle.write(stamp, 0, 4, localOffset + 10);
      at += 46 + nameLength + extraLength + commentLength;
    }
    await handle.write(directory, 0, directorySize, directoryOffset);
    return entries;
  } finally {
    await handle.close();
  }
}

/** The local header offset from the zip64 extra field, after the sizes that overflowed. */
function zip64LocalOffset(directory: Buffer, at: number, nameLength: number, extraLength: number): number {
  let field = at + 46 + nameLength;
  const end = field + extraLength;
  while (field + 4 <= end) {
    const id = directory.readUInt16LE(field);
    const length = directory.readUInt16LE(field + 2);
    if (id === 0x0001) {
      let value = field + 4;
      if (directory.readUInt32LE(at + 24) === 0xffffffff) value += 8;
      if (directory.readUInt32LE(at + 20) === 0xffffffff) value += 8;
      return Number(directory.readBigUInt64LE(value));
    }
    field += 4 + length;
  }
  throw new Error('zip64 entry without its extra field');
}
