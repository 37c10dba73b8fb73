/**
 * Reading one corpus file safely: streamed in pieces (a large file never sits in memory twice as
 * bytes and text), strict UTF-8, and a problem value instead of an exception for bad input.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusProblem } from '../types.js';

/** Files above this size are refused rather than read. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; problem: CorpusProblem };

/** NUL bytes, or more than a tenth control characters, in the first bytes: not text. */
export function looksBinary(head: Uint8Array): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

export async function readCorpusFile(filePath: string): Promise<ReadResult> {
  const file = path.basename(filePath);
  const fail = (code: CorpusProblem['code'], message: string): ReadResult => ({ ok: false, problem: { file, code, message } });
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (err) {
    return fail('unreadable', `${file}: cannot read (${(err as Error).message})`);
  }
  if (size === 0) return fail('empty', `${file}: the file is empty`);
  if (size > MAX_FILE_BYTES) return fail('too_large', `${file}: ${size} bytes is over the limit of ${MAX_FILE_BYTES} bytes`);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let first = true;
  let offset = 0;
  try {
    for await (const buf of createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        // UTF-16 text is full of NUL bytes; say what it is rather than "binary".
        if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
          return fail('encoding', `${file}: UTF-16 text; convert it to UTF-8 first`);
        }
        if (looksBinary(buf.subarray(0, 8192))) return fail('binary', `${file}: looks like a binary file, not text`);
      }
      try {
        parts.push(decoder.decode(buf, { stream: true }));
      } catch {
        return fail('encoding', `${file}: not valid UTF-8 (near byte ${offset}); convert it to UTF-8 first`);
      }
      offset += buf.length;
    }
    parts.push(decoder.decode());
  } catch (err) {
    if (err instanceof TypeError) return fail('encoding', `${file}: not valid UTF-8 (truncated character at the end); convert it to UTF-8 first`);
    return fail('unreadable', `${file}: cannot read (${(err as Error).message})`);
  }
  const text = parts.join('').replace(/^\ufeff/, '');
  if (!text.trim()) return fail('empty', `${file}: the file holds only whitespace`);
  return { ok: true, text };
}
