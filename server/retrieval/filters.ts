/**
 * Metadata filters ({issuer, year, docNo, docId}) compiled to a chunk predicate. All given fields
 * must match. issuer matches by containment (国务院 also matches 国务院办公厅), docNo in any spelling,
 * year by the date of issue (or the 文号's year when the date is unknown).
 */
import { parseDocNumber, sameDocNumber } from '../../embeddings/text/doc-number.js';
import { compactText } from '../../embeddings/text/normalize.js';
import type { SearchFilter } from '../types.js';
import type { RetrievalContext } from './retrieval-context.js';

export interface ChunkFilter {
  allows(chunk: number): boolean;
  /** Every allowed chunk, when the filter is narrow enough that scanning them beats a graph search. */
  chunks?: number[];
  /** Nothing matches: retrievers return no results without searching. */
  empty: boolean;
}

/** Below this many allowed chunks the dense side scores them directly instead of a filtered HNSW search. */
export const SMALL_FILTER = 2000;

export function compileFilter(ctx: RetrievalContext, filter?: SearchFilter): ChunkFilter | undefined {
  if (!filter || Object.values(filter).every((v) => v === undefined)) return undefined;
  const issuer = filter.issuer ? compactText(filter.issuer) : undefined;
  const year = filter.year !== undefined ? String(filter.year) : undefined;
  const docNo = filter.docNo ? parseDocNumber(filter.docNo) : undefined;
  const docNoText = filter.docNo ? compactText(filter.docNo) : undefined;
  const docOk = ctx.metas.map((m, i) => {
    if (filter.docId !== undefined && m.id !== filter.docId) return false;
    if (issuer !== undefined && !(m.issuer && compactText(m.issuer).includes(issuer))) return false;
    // Without a date of issue, the year of the 文号 (国发〔2024〕3号) is the year of issue.
    if (year !== undefined && !(m.date ? m.date.startsWith(year) : String(ctx.docNumbers[i]?.year ?? '') === year)) return false;
    if (docNoText !== undefined) {
      const d = ctx.docNumbers[i];
      const ok = docNo && d ? sameDocNumber(docNo, d) : compactText(m.docNo ?? '') === docNoText;
      if (!ok) return false;
    }
    return true;
  });
  const mask = new Uint8Array(ctx.size);
  const allowed: number[] = [];
  docOk.forEach((ok, d) => {
    if (!ok) return;
    for (const c of ctx.docChunks[d]) {
      mask[c] = 1;
      allowed.push(c);
    }
  });
  return {
    allows: (c) => mask[c] === 1,
    chunks: allowed.length <= SMALL_FILTER ? allowed.sort((a, b) => a - b) : undefined,
    empty: allowed.length === 0,
  };
}
