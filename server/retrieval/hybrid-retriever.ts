/**
 * Hybrid retrieval: the lexical and dense candidate lists fused, what the query names, a cheap rerank.
 *
 * - Fusion: a weighted sum of scores normalised by each list's best, or reciprocal rank fusion
 *   (Σ w / (k + rank)); both measured on eval/sets/dev.jsonl by `npm run bench` (docs/retrieval.md).
 * - A 文号 in the question (any spelling) pulls in that document's best chunks and boosts them.
 * - 第N条 in the question boosts the chunk labelled 第N条 of the documents the question is about
 *   (those of the best candidates, or named by 文号) — not 第N条 of every regulation.
 * - A province the question names (江苏的…) ranks that province's documents up (region.ts); a question
 *   naming none ranks provincial documents slightly down.
 * - Rerank of the best candidates: share of the question's words the chunk's text covers (idf-weighted),
 *   and whether it holds the kind of answer asked for (a period for 多久, a date for 什么时候, a number
 *   for 多少, the body in charge for 由谁).
 */
import { nfkcLower } from '../../embeddings/text/normalize.js';
import { tokenize, isBigram } from '../../embeddings/text/tokenize.js';
import type { Retriever, SearchFilter, SearchHit } from '../types.js';
import { answerTypeStrength, expectedAnswer, hasAnswerType } from '../../embeddings/text/question-kind.js';
import type { DenseRetriever } from './dense-retriever.js';
import { compileFilter, type ChunkFilter } from './filters.js';
import type { LexicalRetriever } from './lexical-retriever.js';
import type { AnalysedQuery } from './query-normalise.js';
import { provincesNamed } from '../../embeddings/text/region.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface HybridOptions {
  fusion: 'rrf' | 'weighted';
  /** Candidates taken from each side. */
  candidates: number;
  rrfK: number;
  lexicalWeight: number;
  denseWeight: number;
  /** Bonuses are in units of the best fused score a chunk can get (first on both lists). */
  docNoBoost: number;
  articleBoost: number;
  /** Rerank: weight of idf-weighted question-word coverage, and of holding the expected answer type. */
  coverageWeight: number;
  answerTypeWeight: number;
  /** Rerank: weight of idf-weighted question-word coverage by the chunk's own text (title left out), which tells apart chunks of one document. */
  bodyCoverageWeight: number;
  /** How many of the best fused candidates are reranked. */
  rerankDepth: number;
  /** A question naming a province (江苏的…): bonus for that province's documents (region.ts). */
  regionBoost: number;
  /** A question naming no province: penalty for provincial documents (a national question wants the national text). */
  regionPenalty: number;
}

/** Tuned on eval/sets/dev.jsonl (see docs/retrieval.md). */
export const DEFAULT_HYBRID: HybridOptions = {
  fusion: 'weighted',
  candidates: 50,
  rrfK: 60,
  lexicalWeight: 1,
  // The corpus-trained LSA embedder is weak alone (hit@1 0.38 on dev.jsonl, 0.15 on dev-paraphrase.jsonl).
  // At 0.4 it moved dev-paraphrase.jsonl hit@1 0.313 → 0.388 but cost rank 1 on dev.jsonl (0.803 → 0.798)
  // and on the held-out set (0.767 → 0.721, below lexical alone), so it stays a small weight that adds
  // recall without costing rank 1 (docs/retrieval.md). An external neural embedder gets NEURAL_HYBRID instead.
  denseWeight: 0.05,
  docNoBoost: 1,
  // 0: the §N article token already ranks the named article first; a boost on top only promoted
  // 第N条 of the wrong regulation where the splitter had misplaced the right one (docs/retrieval.md).
  articleBoost: 0,
  // Coverage by the chunk's own text, not by text plus title: every chunk of a document shares its
  // title, so only the body tells its articles apart (dev.jsonl: hit@5 0.944 → 0.955, MRR@10 0.845 → 0.847).
  coverageWeight: 0,
  answerTypeWeight: 0.1,
  bodyCoverageWeight: 0.05,
  rerankDepth: 30,
  // 江苏的… finds the provincial text whose words never say 江苏 (苏政规〔2023〕6号, issuer 省政府);
  // a question naming no province leans slightly to national texts (dev.jsonl: hit@1 +0.010, hit@5 +0.005).
  regionBoost: 0.2,
  regionPenalty: 0.1,
};

/** For EMBEDDINGS=openai (e.g. bge-m3): equal-weight reciprocal rank fusion, the usual default; not tuned here (no such endpoint offline). */
export const NEURAL_HYBRID: HybridOptions = { ...DEFAULT_HYBRID, fusion: 'rrf', denseWeight: 1 };

interface RankedList {
  items: Scored[];
  weight: number;
}

export class HybridRetriever implements Retriever {
  readonly name = 'hybrid';

  constructor(
    private readonly ctx: RetrievalContext,
    private readonly lexical: LexicalRetriever,
    private readonly dense: DenseRetriever,
    readonly opts: HybridOptions = DEFAULT_HYBRID,
  ) {}

  async search(query: string, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const f = compileFilter(this.ctx, filter);
    if (f?.empty) return [];
    const q = this.ctx.analyse(query);
    const o = this.opts;
    const n = Math.max(o.candidates, k * 2 + 10);
    const vector = o.denseWeight > 0 ? await this.dense.embed(q) : undefined;
    const lists: RankedList[] = [{ items: this.lexical.candidates(q, n, f), weight: o.lexicalWeight }];
    if (vector) lists.push({ items: await this.dense.candidates(vector, n, f), weight: o.denseWeight });
    const fused = this.fuse(lists);
    const unit = o.fusion === 'rrf' ? (o.lexicalWeight + o.denseWeight) / (o.rrfK + 1) : o.lexicalWeight + o.denseWeight;

    // Documents named by 文号: their best chunks join the candidates, all their chunks get a bonus.
    const named = this.ctx.docsNamed(q.docNumbers);
    if (named.length) {
      const inDocs = restrictTo(named.flatMap((d) => this.ctx.docChunks[d]), f);
      add(fused, this.fuse([{ items: this.lexical.candidates(q, 10, inDocs), weight: o.lexicalWeight }]));
      if (vector) add(fused, this.fuse([{ items: await this.dense.candidates(vector, 10, inDocs), weight: o.denseWeight }]));
      for (const c of inDocs.chunks ?? []) fused.set(c, (fused.get(c) ?? 0) + o.docNoBoost * unit);
    }

    // 第N条: the chunk with that label in the documents the question is about, in proportion to how
    // much it is about each (its best candidate's score against the best overall), so the right
    // regulation's 第N条 wins over 第N条 of every other one.
    if (q.articles.length) {
      const wanted = new Set(q.articles);
      const docScore = new Map<number, number>();
      for (const [c, s] of fused) {
        const d = this.ctx.index.chunkDoc[c];
        if (s > (docScore.get(d) ?? 0)) docScore.set(d, s);
      }
      const best = Math.max(...docScore.values(), 0) || 1;
      for (const [d, s] of docScore) {
        const share = s / best;
        if (share < 0.5) continue;
        for (const c of this.ctx.docChunks[d]) {
          if (wanted.has(this.ctx.chunkArticle[c]) && (!f || f.allows(c))) fused.set(c, (fused.get(c) ?? 0) + o.articleBoost * share * share * unit);
        }
      }
    }

    if (o.regionBoost > 0 || o.regionPenalty > 0) {
      const wanted = provincesNamed(q.text);
      for (const [c, s] of fused) {
        const r = this.ctx.docRegion[this.ctx.index.chunkDoc[c]];
        if (!r) continue;
        if (wanted.length === 0) fused.set(c, s - o.regionPenalty * unit);
        else if (wanted.includes(r)) fused.set(c, s + o.regionBoost * unit);
      }
    }

    let scored: Scored[] = [...fused].map(([chunk, score]) => ({ chunk, score }));
    scored.sort((a, b) => b.score - a.score || a.chunk - b.chunk);
    if (o.coverageWeight > 0 || o.answerTypeWeight > 0) scored = this.rerank(q, scored, unit);
    return this.ctx.toHits(scored, k);
  }

  private rerank(q: AnalysedQuery, scored: Scored[], unit: number): Scored[] {
    const o = this.opts;
    const head = scored.slice(0, o.rerankDepth);
    const words = [...new Set(tokenize(q.content).filter((t) => !isBigram(t) && t.length >= 2))];
    const idf = words.map((w) => this.ctx.index.lexical.idf(w));
    const total = idf.reduce((a, b) => a + b, 0) || 1;
    const type = expectedAnswer(q.raw);
    const reranked = head.map((s) => {
      const chunk = this.ctx.index.chunks[s.chunk];
      const body = nfkcLower(chunk.text);
      const text = `${nfkcLower(this.ctx.metas[this.ctx.index.chunkDoc[s.chunk]].title)}\n${body}`;
      let covered = 0;
      let inBody = 0;
      words.forEach((w, i) => {
        if (text.includes(w)) covered += idf[i];
        if (body.includes(w)) inBody += idf[i];
      });
      const bonus = o.coverageWeight * (covered / total) + o.bodyCoverageWeight * (inBody / total) + (type && hasAnswerType(chunk.text, type) ? o.answerTypeWeight * answerTypeStrength(type) : 0);
      return { chunk: s.chunk, score: s.score + bonus * unit };
    });
    reranked.sort((a, b) => b.score - a.score || a.chunk - b.chunk);
    return [...reranked, ...scored.slice(o.rerankDepth)];
  }

  private fuse(lists: RankedList[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const { items, weight } of lists) {
      if (items.length === 0) continue;
      const best = items[0].score || 1;
      items.forEach((s, rank) => {
        const add = this.opts.fusion === 'rrf' ? weight / (this.opts.rrfK + rank + 1) : (weight * s.score) / best;
        out.set(s.chunk, (out.get(s.chunk) ?? 0) + add);
      });
    }
    return out;
  }
}

/** Adds the scores of `more` to `into` for chunks not yet scored (a restricted search's finds). */
function add(into: Map<number, number>, more: Map<number, number>): void {
  for (const [c, s] of more) if (!into.has(c)) into.set(c, s);
}

/** A filter allowing only `chunks` (and whatever the user's filter allows). */
function restrictTo(chunks: number[], user?: ChunkFilter): ChunkFilter {
  const list = chunks.filter((c) => !user || user.allows(c)).sort((a, b) => a - b);
  const set = new Set(list);
  return { allows: (c) => set.has(c), chunks: list, empty: list.length === 0 };
}
