/** Plain text and Markdown: UTF-8 (a BOM is dropped); UTF-16 and binary files are refused by name. */
import { looksBinary } from '../read-file.js';
import type { DocumentReader } from './reader-types.js';
import { UnreadableDocumentError } from './reader-types.js';

/** UTF-8 bytes to text, or an UnreadableDocumentError that says what the file is instead. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UnreadableDocumentError(file, `${file}：这是 UTF-16 编码的文本，请先转换为 UTF-8。`);
  }
  if (looksBinary(bytes.subarray(0, 8192))) throw new UnreadableDocumentError(file, `${file}：看起来是二进制文件，不是文本。`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new UnreadableDocumentError(file, `${file}：不是有效的 UTF-8 文本（GBK 等编码请先转换为 UTF-8）。`, { cause: e });
  }
  text = text.replace(/^\ufeff/, '');
  if (!text.trim()) throw new UnreadableDocumentError(file, `${file}：文件是空的。`);
  return text;
}

export const textReader: DocumentReader = {
  name: 'text',
  extensions: ['.txt', '.md'],
  async read(bytes, file) {
    return decodeUtf8(bytes, file);
  },
};
