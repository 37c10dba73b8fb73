/**
 * The evaluation target made of the server's own parts (retrievers, answerer, store), so an
 * in-process run measures exactly what the server answers, without HTTP in between.
 */
import type { Answerer, CorpusStore, Retriever, SearchHit } from '../server/types.js';
import type { EvalTarget, Passage, SearchFn } from './types.js';

export interface InProcessParts {
  store: CorpusStore;
  /** Every retriever to compare, by name; must include `primary`. */
  retrievers: Record<string, Retriever>;
  /** Baselines that return passages rather than chunks (e.g. BM25 over fixed windows), compared beside them. */
  passageSearch?: Record<string, SearchFn>;
  /** The retriever the answerer uses (its figures head the report), e.g. `hybrid`. */
  primary: string;
  /** What `--compare` divides by, e.g. `naive` (BM25 over fixed windows) or `lexical`. */
  baseline?: string;
  answerer: Answerer;
  /** Extra facts for the report header: index counts, embedder, build time. */
  info?: Record<string, unknown>;
  close?: () => Promise<void>;
}

export function hitToPassage(hit: SearchHit): Passage {
  return { id: hit.chunk.id, text: hit.chunk.text, score: hit.score, docTitle: hit.doc.title, label: hit.chunk.label };
}

export function createInProcessTarget(parts: InProcessParts): EvalTarget {
  if (!parts.retrievers[parts.primary]) {
    throw new Error(`No retriever named "${parts.primary}" (have ${Object.keys(parts.retrievers).join(', ')}).`);
  }
  const retrievers: Record<string, SearchFn> = { ...parts.passageSearch };
  for (const [name, r] of Object.entries(parts.retrievers)) {
    retrievers[name] = async (query, k) => (await r.search(query, k)).hits.map(hitToPassage);
  }
  return {
    description: 'in-process',
    primary: parts.primary,
    baseline: parts.baseline && retrievers[parts.baseline] ? parts.baseline : undefined,
    retrievers,
    async answer(question) {
      const res = await parts.answerer.answer({ question });
      return {
        answer: res.answer,
        refused: res.refused,
        status: res.status,
        ...(res.confidence !== undefined ? { confidence: res.confidence } : {}),
        model: res.model,
        citations: res.citations.map((c) => ({ n: c.n, chunkId: c.chunkId, quote: c.quote, article: c.article, docTitle: c.doc.title })),
      };
    },
    async chunkText(id) {
      return parts.store.getChunk(id)?.text;
    },
    async info() {
      return { mode: 'in-process', model: parts.answerer.model, documents: parts.store.listDocuments().length, ...parts.info };
    },
    close: parts.close,
  };
}
