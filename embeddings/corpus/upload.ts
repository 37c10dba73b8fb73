/**
 * One uploaded file to documents and chunks, exactly as the corpus folder's files are made: a PDF, Word,
 * HTML, text or Markdown file is read to text (readers/) and split by the compilation splitter (title
 * from the document itself, 文号, issuer, dates, articles); a JSONL file of pre-split articles goes
 * through the corpus's JSONL loader. A file that yields nothing searchable is refused by name.
 */
import { UnreadableDocumentError } from './readers/reader-types.js';
import { readerFor, UPLOAD_EXTENSIONS } from './readers/readers.js';
import { decodeUtf8 } from './readers/text-reader.js';
import { parseRow, rowsToCorpus, type JsonlRow } from './load-jsonl.js';
import { splitText } from './split-file.js';
import type { Corpus } from '../types.js';

export { UnreadableDocumentError, UPLOAD_EXTENSIONS };

export async function readUpload(file: string, bytes: Uint8Array): Promise<Corpus> {
  const corpus = file.toLowerCase().endsWith('.jsonl') ? jsonlCorpus(file, decodeUtf8(bytes, file)) : await textCorpus(file, bytes);
  if (corpus.documents.length === 0 || corpus.chunks.length === 0) {
    throw new UnreadableDocumentError(file, `${file}：没有找到可以检索的正文。`);
  }
  return corpus;
}

async function textCorpus(file: string, bytes: Uint8Array): Promise<Corpus> {
  const reader = readerFor(file);
  if (!reader) throw new UnreadableDocumentError(file, `${file}：不支持这种文件类型。可以上传 ${UPLOAD_EXTENSIONS.join('、')} 文件。`);
  const { documents, chunks, problems } = splitText(file, await reader.read(bytes, file));
  return { documents, chunks, problems };
}

function jsonlCorpus(file: string, text: string): Corpus {
  const rows: JsonlRow[] = [];
  const bad: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      bad.push(`第 ${i + 1} 行不是 JSON`);
      return;
    }
    const row = parseRow(value, file, i + 1);
    if (typeof row === 'string') bad.push(`第 ${i + 1} 行：${row}`);
    else rows.push(row);
  });
  // A file with bad lines is refused whole: half an upload in the index is worse than none.
  if (bad.length) throw new UnreadableDocumentError(file, `${file}：${bad.slice(0, 5).join('；')}${bad.length > 5 ? `；另有 ${bad.length - 5} 行有误` : ''}。`);
  return rowsToCorpus(rows);
}
