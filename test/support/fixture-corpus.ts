/**
 * The answer fixtures (test/fixtures/answer/documents.json) as a CorpusStore and a small BM25
 * Retriever, so the answer pipeline can be tested on real text without building the index.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article, Chunk, CorpusDocument, DocumentMeta } from '../../embeddings/types.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import type { CorpusStore, Retrieval, Retriever, SearchHit } from '../../server/types.js';
import type { DocSummary } from '../../server/wire.js';
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import { keyTerms, TermStats } from '../../embeddings/text/terms.js';

/** A fixture document: the metadata shown beside a citation, and its articles. */
export interface FixtureDocument extends DocSummary {
  /** [label, headingPath, text] */
  articles: [string, string[], string][];
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function fixtureDocuments(): FixtureDocument[] {
  const raw = JSON.parse(readFileSync(path.join(here, '../fixtures/answer/documents.json'), 'utf8')) as { documents: FixtureDocument[] };
  return raw.documents;
}

export interface FixtureCorpus {
  documents: CorpusDocument[];
  chunks: Chunk[];
  store: CorpusStore;
  retriever: Retriever;
  stats: TermStats;
}

export function buildDocument(f: FixtureDocument): { doc: CorpusDocument; chunks: Chunk[] } {
  let text = '';
  const articles: Article[] = [];
  const chunks: Chunk[] = [];
  f.articles.forEach(([label, headingPath, body], i) => {
    if (text) text += '\n';
    const start = text.length;
    text += body;
    const end = text.length;
    const articleId = `${f.id}:a${i}`;
    articles.push({ id: articleId, docId: f.id, label, headingPath, start, end });
    chunks.push({ id: `${f.id}:${i}:0`, docId: f.id, articleId, label, headingPath, text: body, start, end });
  });
  const meta: DocumentMeta = {
    id: f.id,
    title: f.title,
    docNo: f.docNo,
    issuer: f.issuer,
    date: f.date,
    effectiveDate: f.effectiveDate,
    validUntil: f.validUntil,
    sources: [{ file: f.file, start: 0, end: text.length }],
  };
  return { doc: { ...meta, text, articles }, chunks };
}

/** BM25 over key terms (words and bigrams) of each chunk with its title and label. */
class MemoryRetriever implements Retriever {
  readonly name = 'memory-bm25';
  private readonly docs: { hit: Omit<SearchHit, 'score'>; tf: Map<string, number>; len: number }[] = [];
  private readonly df = new Map<string, number>();
  private avgLen = 1;

  constructor(chunks: Chunk[], metaOf: (id: string) => DocumentMeta) {
    for (const chunk of chunks) {
      const doc = metaOf(chunk.docId);
      const t = keyTerms(`${doc.title} ${chunk.label} ${chunk.text}`);
      const tf = new Map<string, number>();
      const norm = normalizeForMatching(chunk.text);
      for (const term of [...t.words, ...t.bigrams]) tf.set(term, Math.max(1, norm.split(term).length - 1));
      for (const term of tf.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.docs.push({ hit: { chunk, doc }, tf, len: norm.length });
    }
    this.avgLen = this.docs.reduce((a, d) => a + d.len, 0) / Math.max(1, this.docs.length);
  }

  async search(query: string | AnalyzedQuestion, k: number): Promise<Retrieval> {
    const q = keyTerms(typeof query === 'string' ? query : query.raw);
    const terms = [...q.words, ...q.bigrams];
    const n = this.docs.length;
    const scored = this.docs.map((d) => {
      let score = 0;
      for (const term of terms) {
        const f = d.tf.get(term);
        if (!f) continue;
        const idf = Math.log(1 + (n - (this.df.get(term) ?? 0) + 0.5) / ((this.df.get(term) ?? 0) + 0.5));
        score += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.len) / this.avgLen));
      }
      return { ...d.hit, score };
    });
    const hits = scored
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
    return { hits, signals: {} };
  }
}

export function fixtureCorpus(extra: FixtureDocument[] = []): FixtureCorpus {
  const built = [...fixtureDocuments(), ...extra].map(buildDocument);
  const documents = built.map((b) => b.doc);
  const chunks = built.flatMap((b) => b.chunks);
  const byId = new Map(documents.map((d) => [d.id, d]));
  const chunkById = new Map(chunks.map((c) => [c.id, c]));
  const metaOf = (id: string): DocumentMeta => {
    const { text: _t, articles: _a, ...meta } = byId.get(id)!;
    return meta;
  };
  const store: CorpusStore = {
    listDocuments: () => documents.map((d) => metaOf(d.id)),
    getDocument: (id) => byId.get(id),
    getChunk: (id) => chunkById.get(id),
  };
  const stats = TermStats.fromTexts(chunks.map((c) => c.text));
  return { documents, chunks, store, retriever: new MemoryRetriever(chunks, metaOf), stats };
}
