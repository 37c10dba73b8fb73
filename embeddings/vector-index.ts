/**
 * The vector index: a cosine HNSW graph over chunk vectors whose labels are chunk positions, stored
 * through LangChain's HNSWLib (hnsw/hnswlib.index, args.json, docstore.json). The only module that
 * talks to hnswlib, so the graph's parameters, its distance convention and its files live in one place.
 *
 * Graph parameters: M=16, efConstruction=200 are hnswlib's defaults and LangChain's; the search breadth
 * (efSearch) is set by the query side (recall@10 against brute force is measured in `npm run bench`).
 */
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';

/** A chunk position with its cosine similarity to the query. */
export interface Neighbour {
  label: number;
  score: number;
}

export class VectorIndex {
  private constructor(private readonly store: HNSWLib) {}

  /** An empty index for vectors of `dims` dimensions. */
  static create(embeddings: Embeddings, dims: number): VectorIndex {
    return new VectorIndex(new HNSWLib(embeddings, { space: 'cosine', numDimensions: dims }));
  }

  static async load(dir: string, embeddings: Embeddings): Promise<VectorIndex> {
    return new VectorIndex(await HNSWLib.load(dir, embeddings));
  }

  /**
   * Adds vectors labelled `first`, `first + 1`, …; `ids` (the chunk ids) go in the docstore. `capacity`
   * sizes the graph for the whole build at once: the store sizes it for its first batch otherwise.
   */
  async add(first: number, vectors: ArrayLike<number>[], ids: string[], capacity?: number): Promise<void> {
    const docs = ids.map((id, j) => new Document({ pageContent: id, metadata: { i: first + j } }));
    await this.store.addVectors(
      vectors.map((v) => Array.from(v)),
      docs,
    );
    if (capacity !== undefined) this.store.index.resizeIndex(capacity);
  }

  /** Deletes a label from the graph: searches no longer return it (the slot stays; labels are positions). */
  remove(label: number): void {
    try {
      this.store.index.markDelete(label);
    } catch {
      // Already deleted, or never added: nothing to remove.
    }
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  get size(): number {
    return this.store.index.getCurrentCount();
  }

  /** Search breadth: candidates kept while walking the graph (at least k). */
  setSearchBreadth(ef: number): void {
    this.store.index.setEf(ef);
  }

  /** The k nearest labels to a vector, best first; `allow` restricts them (a filtered graph search). */
  async nearest(vector: number[], k: number, allow?: (label: number) => boolean): Promise<Neighbour[]> {
    const found = await this.store.similaritySearchVectorWithScore(vector, k, allow ? (doc) => allow(doc.metadata.i as number) : undefined);
    // hnswlib's cosine space returns distances (1 − cosine).
    return found.map(([doc, distance]) => ({ label: doc.metadata.i as number, score: 1 - distance }));
  }

  /** The stored vector of a label. */
  vector(label: number): number[] {
    return this.store.index.getPoint(label);
  }
}
