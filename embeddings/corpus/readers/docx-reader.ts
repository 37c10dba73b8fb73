/** Word documents (.docx) through mammoth: the raw text, one paragraph a line. */
import type { DocumentReader } from './reader-types.js';
import { UnreadableDocumentError } from './reader-types.js';

export const docxReader: DocumentReader = {
  name: 'docx',
  extensions: ['.docx'],
  async read(bytes, file) {
    const mammoth = await import('mammoth');
    let value: string;
    try {
      ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) }));
    } catch (e) {
      throw new UnreadableDocumentError(file, `${file}：无法读取，它不是有效的 Word（.docx）文件。旧版 .doc 请先另存为 .docx。`, { cause: e });
    }
    // mammoth ends every paragraph with a blank line.
    const text = value
      .replace(/\r\n?/g, '\n')
      .replace(/\n{2,}/g, '\n')
      .trim();
    if (!text) throw new UnreadableDocumentError(file, `${file}：Word 文件中没有文字。`);
    return text;
  },
};
