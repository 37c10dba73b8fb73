/**
 * The default embedder: latent semantic analysis trained on the corpus itself at ingest.
 *
 * Each text becomes a tf-idf vector over the corpus's most frequent words and character bigrams;
 * a randomized truncated SVD of the chunk × feature matrix gives a projection to `dims` dimensions.
 * Words that occur in the same kinds of articles (企业 / 公司, 设立 / 开办) end up close, so a
 * question can match an article it shares few exact words with — the part BM25 cannot do.
 * Deterministic (seeded), no downloads; the model (features, idf, projection) is saved in the index
 * so queries embed exactly as the chunks did after a restart.
 */
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { readBinaryFile, writeBinaryFile, BinaryFileError } from './binary-file.js';
import { KERNELS } from './dense-kernels.js';
import { KernelPool, sharedArray, sharedAtLeast, sharedCopy } from './kernel-pool.js';
import { randomizedSvd, type SparseRows } from './randomized-svd.js';
import { tokenize } from './text/tokenize.js';
import type { EmbedderKind, EmbedderSettings, LocalEmbedderSettings } from './embedder-types.js';

export type { LocalEmbedderSettings };
import type { ProgressFn } from './types.js';

export const DEFAULT_LOCAL_SETTINGS: LocalEmbedderSettings = {
  // 384 rather than 256: dense-only on dev.jsonl hit@1 0.343 → 0.379, MRR@10 0.474 → 0.497, on
  // dev-paraphrase.jsonl hit@5 0.412 → 0.425; costs ingest time (33 → 53 s on the bundled corpus)
  // and 21 MB more model (docs/experiments/2026-retrieval-tuning.md).
  dims: 384,
  maxFeatures: 40_000,
  minDf: 2,
  maxDfRatio: 0.5,
  powerIterations: 1,
  seed: 20240601,
  maxTrainRows: 20_000,
};

const FORMAT = 2;
/** Corpora of at least this many texts train on worker threads (a smaller one is done before threads would start). */
const PARALLEL_FROM = 2000;
/** Texts projected per step of the pool (a progress report each). */
const PROJECT_STEP = 4000;

export class LocalEmbeddings extends Embeddings {
  private readonly featureIds: Map<string, number>;

  private constructor(
    readonly settings: LocalEmbedderSettings,
    readonly features: string[],
    private readonly idf: Float32Array,
    /** features × l, row-major: a text's weighted features summed over these rows… */
    readonly basis: Float32Array,
    /** …times this l × dims matrix give its embedding. */
    readonly rotation: Float32Array,
    readonly l: number,
  ) {
    super({});
    this.featureIds = new Map(features.map((f, i) => [f, i]));
  }

  get dims(): number {
    return this.settings.dims;
  }

  /**
   * Trains on the token lists of the texts that will be embedded (title + headings + label + chunk
   * text, tokenised by `tokenize`) and returns their vectors too, by the same code path as `embed`.
   * The products run on `threads` worker threads (by default kernel-pool.ts's number, once the corpus
   * has PARALLEL_FROM texts); the vectors are the same bit for bit however many threads there are.
   */
  static async train(
    tokenLists: readonly (readonly string[])[],
    settings: Partial<LocalEmbedderSettings> = {},
    onProgress?: ProgressFn,
    threads?: number,
  ): Promise<{ embeddings: LocalEmbeddings; vectors: Float32Array[] }> {
    const s = { ...DEFAULT_LOCAL_SETTINGS, ...settings };
    const n = tokenLists.length;
    const pool = await KernelPool.open(threads ?? (n >= PARALLEL_FROM ? undefined : 1));
    try {
      const embeddings = await LocalEmbeddings.fit(tokenLists, s, pool, onProgress);
      const { dims } = embeddings.settings;
      const out = sharedArray(Float32Array, n * dims);
      // In steps, so that progress is reported; each step's texts go to the threads in the same shared buffers.
      const rowPtr = sharedArray(Uint32Array, PROJECT_STEP + 1);
      let ids: Uint32Array | undefined;
      let weights: Float64Array | undefined;
      for (let a = 0; a < n; a += PROJECT_STEP) {
        const b = Math.min(n, a + PROJECT_STEP);
        const texts = embeddings.weightedFeatures(tokenLists.slice(a, b));
        rowPtr.set(texts.rowPtr);
        ids = sharedAtLeast(ids, texts.ids.length, Uint32Array);
        ids.set(texts.ids);
        weights = sharedAtLeast(weights, texts.weights.length, Float64Array);
        weights.set(texts.weights);
        await pool.run('project', [rowPtr, ids, weights, embeddings.basis, embeddings.rotation, embeddings.l, dims, out.subarray(a * dims, b * dims)], b - a);
        onProgress?.({ stage: 'embed: project', done: b, total: n });
      }
      const vectors = Array.from({ length: n }, (_, i) => out.subarray(i * dims, (i + 1) * dims));
      return { embeddings, vectors };
    } finally {
      await pool.close();
    }
  }

  /** The features, their idf and the projection; the training matrix and the SVD's buffers are garbage once it returns. */
  private static async fit(tokenLists: readonly (readonly string[])[], s: LocalEmbedderSettings, pool: KernelPool, onProgress?: ProgressFn): Promise<LocalEmbeddings> {
    const n = tokenLists.length;
    const df = new Map<string, number>();
    for (const toks of tokenLists) for (const t of new Set(toks)) df.set(t, (df.get(t) ?? 0) + 1);
    const maxDf = Math.max(s.minDf, Math.floor(s.maxDfRatio * n));
    const candidates = [...df].filter(([, c]) => c >= s.minDf && c <= maxDf);
    // Most frequent first; ties by the string so the choice never depends on Map order.
    candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = candidates.slice(0, s.maxFeatures);
    const features = kept.map(([f]) => f);
    const idf = Float32Array.from(kept, ([, c]) => Math.log(n / c));
    const ids = new Map(features.map((f, i) => [f, i]));

    const step = Math.max(1, Math.ceil(n / s.maxTrainRows));
    const matrix = buildRows(step === 1 ? tokenLists : tokenLists.filter((_, i) => i % step === 0), ids, idf);
    const dims = Math.min(s.dims, Math.max(1, Math.min(n, features.length)));
    const svd = await randomizedSvd(
      matrix,
      {
        rank: dims,
        powerIterations: s.powerIterations,
        seed: s.seed,
        onStep: (done, total) => onProgress?.({ stage: 'embed: svd', done, total }),
      },
      pool,
    );
    return new LocalEmbeddings({ ...s, dims: svd.rank }, features, idf, sharedCopy(Float32Array, svd.basis), sharedCopy(Float32Array, svd.rotation), svd.l);
  }

  /** One text → unit vector (all zeros when the text has no known feature). */
  embed(text: string): Float32Array {
    return this.embedTokens(tokenize(text));
  }

  private embedTokens(tokens: readonly string[]): Float32Array {
    const d = this.settings.dims;
    const out = new Float32Array(d);
    const t = this.weightedFeatures([tokens]);
    KERNELS.project(t.rowPtr, t.ids, t.weights, this.basis, this.rotation, this.l, d, out, 0, 1);
    return out;
  }

  /** Each text's known features with their sublinear tf × idf weights, in the order the text first uses them. */
  private weightedFeatures(tokenLists: readonly (readonly string[])[]): { rowPtr: Uint32Array; ids: Uint32Array; weights: Float64Array } {
    const rowPtr = new Uint32Array(tokenLists.length + 1);
    const ids: number[] = [];
    const weights: number[] = [];
    tokenLists.forEach((tokens, i) => {
      for (const [id, tf] of featureCounts(tokens, this.featureIds)) {
        ids.push(id);
        weights.push((1 + Math.log(tf)) * this.idf[id]);
      }
      rowPtr[i + 1] = ids.length;
    });
    return { rowPtr, ids: Uint32Array.from(ids), weights: Float64Array.from(weights) };
  }

  /** A feature's direction in the embedding space (unit length), e.g. to find related terms. */
  featureVector(term: string): Float32Array | undefined {
    const id = this.featureIds.get(term);
    if (id === undefined) return undefined;
    const out = new Float32Array(this.settings.dims);
    KERNELS.project(Uint32Array.of(0, 1), Uint32Array.of(id), Float64Array.of(1), this.basis, this.rotation, this.l, this.settings.dims, out, 0, 1);
    return out;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.embed(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embed(text));
  }

  save(file: string): void {
    writeBinaryFile(
      file,
      { format: FORMAT, kind: 'local-embedder', settings: this.settings, features: this.features.length, l: this.l },
      {
        features: new Uint8Array(Buffer.from(this.features.join('\n'), 'utf8')),
        idf: this.idf,
        basis: this.basis,
        rotation: this.rotation,
      },
    );
  }

  static load(file: string): LocalEmbeddings {
    const { meta, arrays } = readBinaryFile(file);
    const m = meta as { format?: number; kind?: string; settings?: LocalEmbedderSettings; features?: number; l?: number };
    if (m?.kind !== 'local-embedder' || m.format !== FORMAT || !m.settings || !m.l) {
      throw new BinaryFileError(`${file} is not a local embedder model of format ${FORMAT}`);
    }
    const { features, idf, basis, rotation } = arrays as {
      features: Uint8Array;
      idf: Float32Array;
      basis: Float32Array;
      rotation: Float32Array;
    };
    const list = m.features === 0 ? [] : Buffer.from(features.buffer, features.byteOffset, features.byteLength).toString('utf8').split('\n');
    if (list.length !== m.features || idf.length !== list.length || basis.length !== list.length * m.l || rotation.length !== m.l * m.settings.dims) {
      throw new BinaryFileError(`${file} is inconsistent (counts do not match)`);
    }
    return new LocalEmbeddings(m.settings, list, idf, basis, rotation, m.l);
  }
}

/** How often a text uses each known feature, by feature id, in the order it first uses them. */
function featureCounts(tokens: readonly string[], ids: ReadonlyMap<string, number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of tokens) {
    const id = ids.get(t);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Sublinear tf × idf rows, each scaled to unit length so long chunks do not dominate the SVD. */
function buildRows(tokenLists: readonly (readonly string[])[], ids: Map<string, number>, idf: Float32Array): SparseRows {
  const rowPtr = new Uint32Array(tokenLists.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  tokenLists.forEach((toks, i) => {
    const entries = [...featureCounts(toks, ids)].sort((a, b) => a[0] - b[0]);
    let norm = 0;
    const w = entries.map(([id, tf]) => {
      const x = (1 + Math.log(tf)) * idf[id];
      norm += x * x;
      return x;
    });
    norm = Math.sqrt(norm) || 1;
    entries.forEach(([id], j) => {
      cols.push(id);
      vals.push(w[j] / norm);
    });
    rowPtr[i + 1] = cols.length;
  });
  return { rows: tokenLists.length, cols: idf.length, rowPtr, colIdx: Uint32Array.from(cols), vals: Float32Array.from(vals) };
}

/** The model's file in the index folder. */
export const EMBEDDER_FILE = 'embedder.bin';

/**
 * EMBEDDINGS=local: trained at ingest on the tokens the lexical index reads (no second tokenising
 * pass), saved as embedder.bin, loaded from it.
 */
export const localEmbedder: EmbedderKind<Extract<EmbedderSettings, { kind: 'local' }>> = {
  kind: 'local',
  identity: (s) => ({ kind: 'local', ...s.local }),
  name: (_s, dims) => `local-lsa${dims ? `-${dims}` : ''}`,
  wantsTokens: true,
  corpusTrained: true,
  async build(s, ctx) {
    const trained = await LocalEmbeddings.train(ctx.tokens, s.local, ctx.onProgress);
    trained.embeddings.save(path.join(ctx.dir, EMBEDDER_FILE));
    return trained;
  },
  load(ctx) {
    try {
      return LocalEmbeddings.load(path.join(ctx.dir, EMBEDDER_FILE));
    } catch (e) {
      return ctx.damaged(EMBEDDER_FILE, e);
    }
  },
};
