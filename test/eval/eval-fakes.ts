/**
 * Small in-memory parts for evaluation tests: a store, three retrievers and an answerer over
 * the fixture chunks in test/fixtures/eval/chunks.json. They follow the contracts of
 * server/types.ts and are deliberately simple (bigram overlap), not the product's retrieval.
 */
import { readFileSync } from 'node:fs';
import type { Chunk, CorpusDocument, DocumentMeta } from '../../embeddings/types.js';
import type { Answerer, CorpusStore, Retriever, SearchHit } from '../../server/types.js';
import type { AnswerResult } from '../../server/wire.js';

interface FixtureChunk {
  id: string;
  docId: string;
  label: string;
  text: string;
}

interface Fixture {
  documents: (Omit<DocumentMeta, 'sources'> & { title: string })[];
  chunks: FixtureChunk[];
}

export const FIXTURE_DIR = new URL('../fixtures/eval/', import.meta.url);
export const MINI_SET = new URL('mini.jsonl', FIXTURE_DIR).pathname;

export function loadFixture(): { docs: DocumentMeta[]; chunks: Chunk[] } {
  const raw = JSON.parse(readFileSync(new URL('chunks.json', FIXTURE_DIR), 'utf8')) as Fixture;
  const docs = raw.documents.map((d) => ({ ...d, sources: [] }));
  const chunks = raw.chunks.map((c) => ({ ...c, articleId: c.id, headingPath: [], start: 0, end: c.text.length }));
  return { docs, chunks };
}

export function createStore(docs: DocumentMeta[], chunks: Chunk[]): CorpusStore {
  return {
    listDocuments: () => docs,
    getDocument: (id) => {
      const d = docs.find((x) => x.id === id);
      return d ? ({ ...d, text: '', articles: [] } as CorpusDocument) : undefined;
    },
    getChunk: (id) => chunks.find((c) => c.id === id),
  };
}

function grams(text: string, n: number): Set<string> {
  const chars = Array.from(text.replace(/[\s\p{P}]+/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

/** Scores chunks by the share of the query's n-grams they contain. */
export function createOverlapRetriever(name: string, n: number, docs: DocumentMeta[], chunks: Chunk[]): Retriever {
  return {
    name,
    async search(query, k) {
      const q = grams(typeof query === 'string' ? query : query.raw, n);
      const hits: SearchHit[] = chunks.map((chunk) => {
        const c = grams(chunk.text, n);
        let shared = 0;
        for (const g of q) if (c.has(g)) shared++;
        return { chunk, doc: docs.find((d) => d.id === chunk.docId)!, score: q.size ? shared / q.size : 0 };
      });
      return { hits: hits.sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id)).slice(0, k), signals: {} };
    },
  };
}

/** Answers with the first sentence of the best chunk, cited [1]; refuses below `minScore`. */
export function createFakeAnswerer(retriever: Retriever, minScore = 0.2): Answerer {
  return {
    model: 'fake-extractive',
    async answer(req): Promise<AnswerResult> {
      const [top] = (await retriever.search(req.question, 3)).hits;
      // The top score as the confidence: enough for a risk–coverage curve with distinct points.
      const confidence = Math.max(0, Math.min(1, top?.score ?? 0));
      if (!top || top.score < minScore) {
        return {
          status: 'not_found',
          answer: '资料库中未找到与问题相关的规定。',
          citations: [],
          refused: true,
          model: 'fake-extractive',
          question: req.question,
          confidence,
          tookMs: 0,
        };
      }
      const body = top.chunk.text.replace(/^\S+\s/, '');
      const sentence = body.split(/(?<=。)/)[0];
      return {
        status: 'answered',
        answer: `根据《${top.doc.title}》${top.chunk.label}，${sentence}[1]`,
        citations: [
          {
            n: 1,
            chunkId: top.chunk.id,
            quote: sentence,
            article: top.chunk.label,
            doc: { id: top.doc.id, title: top.doc.title, file: 'fixture' },
          },
        ],
        refused: false,
        model: 'fake-extractive',
        question: req.question,
        confidence,
        tookMs: 0,
      };
    },
  };
}

/** The full set of fake parts: lexical (bigrams), dense (unigrams, weaker), hybrid (= lexical here). */
export function createFakeParts() {
  const { docs, chunks } = loadFixture();
  const store = createStore(docs, chunks);
  const lexical = createOverlapRetriever('lexical', 2, docs, chunks);
  const dense = createOverlapRetriever('dense', 1, docs, chunks);
  const hybrid = createOverlapRetriever('hybrid', 2, docs, chunks);
  return { store, docs, chunks, retrievers: { lexical, dense, hybrid }, answerer: createFakeAnswerer(hybrid) };
}
