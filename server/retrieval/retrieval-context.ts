/**
 * A loaded index plus the lookups every retriever needs: document metadata without the text,
 * chunk positions per document, parsed 文号 per document, article numbers per chunk.
 * Built once at start-up; retrievers share it.
 */
import { articleNumbers } from '../../embeddings/text/numerals.js';
import { parseDocNumber, sameDocNumber, type DocNumber } from '../../embeddings/text/doc-number.js';
import type { LoadedIndex } from '../../embeddings/index-store.js';
import type { DocumentMeta } from '../../embeddings/types.js';
import type { SearchHit } from '../types.js';
import { QueryExpander } from './query-expansion.js';
import { analyzeQuestion, type AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { documentRegions } from '../../embeddings/text/region.js';
import { isNationalLaw } from '../../embeddings/text/titles.js';
import { ArticleTable } from './learned/labels.js';

export interface Scored {
  /** Chunk position in the index. */
  chunk: number;
  score: number;
}

export class RetrievalContext {
  readonly metas: DocumentMeta[];
  /** Chunk positions of each document, in order. */
  readonly docChunks: number[][];
  readonly docNumbers: (DocNumber | undefined)[];
  /** Article number of each chunk's label (`'43'`), or '' for 一、/（三）/正文. */
  readonly chunkArticle: string[];
  /** Province of each document (region.ts), undefined for national ones. */
  readonly docRegion: (string | undefined)[];
  /** Whether each document is a national law (titles.ts isNationalLaw). */
  readonly docIsLaw: boolean[];

  readonly expander: QueryExpander;
  private articleTable?: ArticleTable;

  constructor(
    readonly index: LoadedIndex,
    opts: { expand?: boolean } = {},
  ) {
    this.expander = opts.expand === false ? new QueryExpander([], []) : new QueryExpander(index.abbreviations);
    this.metas = index.documents.map(({ text: _t, articles: _a, ...meta }) => meta);
    this.docChunks = index.documents.map(() => []);
    index.chunkDoc.forEach((d, i) => {
      this.docChunks[d].push(i);
    });
    this.docNumbers = index.documents.map((d) => (d.docNo ? parseDocNumber(d.docNo) : undefined));
    this.chunkArticle = index.chunks.map((c) => articleNumbers(c.label)[0] ?? '');
    this.docRegion = documentRegions(this.metas);
    this.docIsLaw = index.documents.map((d) => isNationalLaw(d.title));
  }

  /** The index's articles by id and by title + label, made on first use (labelled questions, question files). */
  get articles(): ArticleTable {
    return (this.articleTable ??= new ArticleTable(this.index));
  }

  analyze(query: string): AnalyzedQuestion {
    return analyzeQuestion(query, (t) => this.expander.expand(t));
  }

  get size(): number {
    return this.index.chunks.length;
  }

  /** Whether a chunk position is one of this index's chunks and not removed (live-index.ts). */
  isLive(chunk: number): boolean {
    return chunk < this.index.chunks.length && !this.index.dead?.[chunk];
  }

  /**
   * The restriction a search needs so that it returns live chunks only, combined with `allow`: undefined
   * (no cost) unless documents were removed or the shared vector graph has labels of a newer generation.
   */
  liveOnly(allow?: (chunk: number) => boolean): ((chunk: number) => boolean) | undefined {
    const needed = !!this.index.dead || this.index.vectors.size > this.index.chunks.length;
    if (!needed) return allow;
    return allow ? (c) => this.isLive(c) && allow(c) : (c) => this.isLive(c);
  }

  /** Documents whose 文号 is one the query names. */
  docsNamed(numbers: DocNumber[]): number[] {
    if (numbers.length === 0) return [];
    const out: number[] = [];
    this.docNumbers.forEach((d, i) => {
      if (d && numbers.some((n) => sameDocNumber(n, d))) out.push(i);
    });
    return out;
  }

  /**
   * Scored chunks (best first) → the first k hits with one result per distinct text: the same
   * article reached through two compilations or a notice and its attachment counts once.
   */
  toHits(scored: readonly Scored[], k: number): SearchHit[] {
    const seen = new Set<number>();
    const hits: SearchHit[] = [];
    for (const s of scored) {
      if (!this.isLive(s.chunk)) continue;
      const g = this.index.chunkGroup[s.chunk];
      if (seen.has(g)) continue;
      seen.add(g);
      hits.push({ chunk: this.index.chunks[s.chunk], doc: this.metas[this.index.chunkDoc[s.chunk]], score: s.score });
      if (hits.length >= k) break;
    }
    return hits;
  }
}
