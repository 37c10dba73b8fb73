/** CorpusStore over a loaded index: documents, chunks and their text, all in memory. */
import type { LoadedIndex } from '../../embeddings/index-store.js';
import type { Chunk, CorpusDocument, DocumentMeta } from '../../embeddings/types.js';
import type { CorpusStore } from '../types.js';

export class IndexCorpusStore implements CorpusStore {
  private readonly docs: Map<string, CorpusDocument>;
  private readonly chunks: Map<string, Chunk>;
  private readonly metas: DocumentMeta[];

  constructor(index: LoadedIndex) {
    // Documents removed since the build (live-index.ts) are gone from every lookup.
    const removed = index.removed ?? new Set<string>();
    const documents = index.documents.filter((d) => !removed.has(d.id));
    this.docs = new Map(documents.map((d) => [d.id, d]));
    this.chunks = new Map(index.chunks.filter((c) => !removed.has(c.docId)).map((c) => [c.id, c]));
    this.metas = documents.map(({ text: _t, articles: _a, ...meta }) => meta);
  }

  listDocuments(): DocumentMeta[] {
    return this.metas;
  }

  getDocument(id: string): CorpusDocument | undefined {
    return this.docs.get(id);
  }

  getChunk(id: string): Chunk | undefined {
    return this.chunks.get(id);
  }
}
