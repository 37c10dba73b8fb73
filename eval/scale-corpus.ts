/**
 * Synthetic corpora k times the size of the bundled one, for the cost curve of `npm run bench -- --scale`.
 *
 * The bundled corpus is loaded with the real pipeline and its articles are written out k times as
 * pre-split JSONL (docs/corpus-formats.md). Copy r > 0 of a document gets its own title (…（第r+1辑）),
 * its own ids, digits shifted by r (文号, dates, amounts) and its sentences rotated by r, so neither
 * the loader nor the one-result-per-distinct-text rule folds the copies back into one. What copies do
 * not add is new vocabulary: the lexical dictionary and the embedder's features grow more slowly than
 * with real new documents (the 58,530-article STARD corpus is the real-growth point beside them).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { CorpusDocument } from '../embeddings/types.js';

/** Digits 0–9 shifted by r: a different 文号, date and amount, the same shape. */
export function shiftDigits(text: string, r: number): string {
  return text.replace(/\d/g, (d) => String((Number(d) + r) % 10));
}

/** Sentences (ending in 。；！？ or a line break) rotated left by r. */
export function rotateSentences(text: string, r: number): string {
  const parts = text.match(/[^。；！？\n]*(?:[。；！？\n]+|$)/g)?.filter((s) => s.length > 0) ?? [text];
  if (parts.length < 2) return text;
  const k = r % parts.length;
  return [...parts.slice(k), ...parts.slice(0, k)].join('');
}

export interface ScaleRow {
  id: string;
  title: string;
  doc: string;
  article: string;
  text: string;
  headings?: string[];
  docNo?: string;
  issuer?: string;
  date?: string;
}

/** Copy `r` of one document's articles as JSONL rows (r = 0 is the document as it is). */
export function replicaRows(doc: CorpusDocument, r: number): ScaleRow[] {
  const vary = (s: string) => (r === 0 ? s : rotateSentences(shiftDigits(s, r), r));
  return doc.articles.flatMap((a) => {
    const body = doc.text.slice(a.start, a.end).trim();
    if (!body) return [];
    let text = vary(body);
    // A one-sentence article without digits comes out unchanged: mark the copy so it stays distinct.
    if (r > 0 && text === body) text = `${text}（第${r + 1}辑）`;
    return [
      {
        id: `${r}:${a.id}`,
        title: r === 0 ? doc.title : `${doc.title}（第${r + 1}辑）`,
        doc: doc.id,
        article: a.label,
        text,
        ...(a.headingPath.length ? { headings: a.headingPath } : {}),
        ...(doc.docNo ? { docNo: r === 0 ? doc.docNo : shiftDigits(doc.docNo, r) } : {}),
        ...(doc.issuer ? { issuer: doc.issuer } : {}),
      },
    ];
  });
}

/** Writes k copies of the documents into `dir` as one .jsonl.gz file (the folder's only file). */
export async function writeScaledCorpus(documents: readonly CorpusDocument[], k: number, dir: string): Promise<{ file: string; rows: number }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `bundled-x${k}.jsonl.gz`);
  let rows = 0;
  function* lines(): Generator<string> {
    for (let r = 0; r < k; r++) {
      for (const d of documents) {
        for (const row of replicaRows(d, r)) {
          rows++;
          yield `${JSON.stringify(row)}\n`;
        }
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip({ level: 6 }), createWriteStream(file));
  return { file, rows };
}
