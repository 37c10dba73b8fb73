/**
 * Which embedder builds and queries the dense index. Mirrors `Config['embeddings']` (server/config.ts)
 * without importing it: the indexing side knows nothing of the server.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { ProgressFn } from './types.js';

/** The corpus-trained embedder's settings (local-embedder.ts; defaults there). */
export interface LocalEmbedderSettings {
  dims: number;
  /** Features kept: the most frequent words/bigrams within the df bounds. */
  maxFeatures: number;
  minDf: number;
  /** Features in more than this share of texts carry no topic and are dropped. */
  maxDfRatio: number;
  powerIterations: number;
  seed: number;
  /**
   * The SVD is trained on at most this many texts (every n-th one, so deterministic); all texts are
   * still embedded. Keeps a 60,000-article corpus within the ingest budget: the vocabulary and its
   * co-occurrences are well estimated long before that.
   */
  maxTrainRows: number;
}

export type EmbedderSettings = { kind: 'local'; local?: Partial<LocalEmbedderSettings> } | { kind: 'openai'; baseURL: string; model: string; apiKey?: string };

/** What an embedder gets to embed the chunks of an index being built. */
export interface EmbedderBuildContext {
  /** The folder being built: an embedder that keeps a model saves it here. */
  dir: string;
  /** Each chunk's text as embedded (title, headings, label, text: `denseText`), in chunk order. */
  texts(): string[];
  /** Each chunk's tokens (title, headings, label, text), in chunk order; empty unless the embedder `wantsTokens`. */
  tokens: string[][];
  onProgress: ProgressFn;
}

/** What an embedder gets to open the index it built. */
export interface EmbedderLoadContext {
  dir: string;
  /** The configured embedder, for what the manifest cannot hold (an API key); may be of another kind. */
  settings?: EmbedderSettings;
  /** Throws the error for a damaged index file (it names the file and says how to rebuild). */
  damaged(file: string, e: unknown): never;
}

/**
 * One kind of embedder (the `kind` of its settings), listed in embeddings/embedders.ts. LangChain's
 * `Embeddings` is what it gives the rest of the code.
 */
export interface EmbedderKind<S extends EmbedderSettings = EmbedderSettings> {
  readonly kind: S['kind'];
  /** What identifies the embedder in the manifest (never an API key): a change means a rebuild. */
  identity(s: S): Record<string, unknown>;
  /** Short name shown in /api/health and the manifest, e.g. `local-lsa-384` or `openai:bge-m3`. */
  name(s: S, dims?: number): string;
  /** Whether `build` needs each chunk's tokens (collected while the lexical index tokenises them). */
  readonly wantsTokens?: boolean;
  /** Trained on the corpus itself (weak alone): the hybrid ranking weighs it accordingly. */
  readonly corpusTrained?: boolean;
  /** Embeds every chunk: the embedder for queries, and one vector per chunk, in chunk order. */
  build(s: S, ctx: EmbedderBuildContext): Promise<{ embeddings: Embeddings; vectors: ArrayLike<number>[] }>;
  /** The embedder for queries of an index it built. */
  load(ctx: EmbedderLoadContext): Embeddings;
}
