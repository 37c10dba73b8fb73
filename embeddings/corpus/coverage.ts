/** How much of a document's text lands in some chunk (whitespace not counted). */
import type { Chunk, CorpusDocument } from '../types.js';

export function documentCoverage(doc: Pick<CorpusDocument, 'text'>, chunks: Array<Pick<Chunk, 'start' | 'end'>>): number {
  const covered = new Uint8Array(doc.text.length);
  for (const c of chunks) covered.fill(1, c.start, c.end);
  let body = 0;
  let hit = 0;
  for (let i = 0; i < doc.text.length; i++) {
    const ch = doc.text.charCodeAt(i);
    if (ch === 32 || ch === 10 || ch === 9 || ch === 13 || ch === 0x3000) continue;
    body++;
    hit += covered[i];
  }
  return body ? hit / body : 1;
}
