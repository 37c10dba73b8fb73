/**
 * A small container for typed arrays on disk: a JSON header naming each array's type, offset and
 * length, followed by the arrays, 8-byte aligned so they load as views of one buffer without copying.
 * Loading a 100 MB index this way takes milliseconds, where JSON of the same arrays takes seconds.
 */
import fs from 'node:fs';

const MAGIC = 'CEWENBIN';

type Typed = Float32Array | Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
const CTORS = { Float32Array, Float64Array, Uint32Array, Int32Array, Uint16Array, Uint8Array } as const;
type TypeName = keyof typeof CTORS;

interface Entry {
  name: string;
  type: TypeName;
  offset: number;
  length: number;
}

export class BinaryFileError extends Error {}

/** Writes named arrays and a JSON-able `meta` object to one file. */
export function writeBinaryFile(file: string, meta: unknown, arrays: Record<string, Typed>): void {
  const entries: Entry[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(arrays)) {
    entries.push({ name, type: arr.constructor.name as TypeName, offset, length: arr.length });
    offset += Math.ceil(arr.byteLength / 8) * 8;
  }
  const header = Buffer.from(JSON.stringify({ meta, entries }), 'utf8');
  const headerPadded = Math.ceil((16 + header.length) / 8) * 8;
  const out = Buffer.alloc(headerPadded + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 16);
  for (const e of entries) {
    const arr = arrays[e.name];
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, headerPadded + e.offset);
  }
  fs.writeFileSync(file, out);
}

/** Reads a file written by `writeBinaryFile`; throws BinaryFileError on anything malformed. */
export function readBinaryFile(file: string): { meta: unknown; arrays: Record<string, Typed> } {
  const buf = fs.readFileSync(file);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC) {
    throw new BinaryFileError(`${file} is not an index file (bad header)`);
  }
  const headerLen = buf.readUInt32LE(8);
  if (16 + headerLen > buf.length) throw new BinaryFileError(`${file} is truncated (header)`);
  let parsed: { meta: unknown; entries: Entry[] };
  try {
    parsed = JSON.parse(buf.toString('utf8', 16, 16 + headerLen));
  } catch {
    throw new BinaryFileError(`${file} has an unreadable header`);
  }
  const base = Math.ceil((16 + headerLen) / 8) * 8;
  // Copy into a fresh, aligned ArrayBuffer: Buffer pools may not be 8-byte aligned.
  const body = new ArrayBuffer(buf.length - base);
  new Uint8Array(body).set(buf.subarray(base));
  const arrays: Record<string, Typed> = {};
  for (const e of parsed.entries) {
    const Ctor = CTORS[e.type];
    if (!Ctor) throw new BinaryFileError(`${file}: unknown array type ${e.type}`);
    if (e.offset + e.length * Ctor.BYTES_PER_ELEMENT > body.byteLength) {
      throw new BinaryFileError(`${file} is truncated (${e.name})`);
    }
    arrays[e.name] = new Ctor(body, e.offset, e.length);
  }
  return { meta: parsed.meta, arrays };
}
