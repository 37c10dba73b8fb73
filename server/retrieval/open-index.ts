/**
 * Everything the query side needs from an index, in one call: build it when missing or stale
 * (with progress), load it, and wire the store and the three retrievers. `npm start`, the evaluation
 * runner and the tests call this with their own INDEX_DIR.
 */
import { findEmbedder } from '../../embeddings/embedders.js';
import { ensureIndex } from '../../embeddings/ensure-index.js';
import { IndexError } from '../../embeddings/index-error.js';
import { loadIndex, type LoadedIndex } from '../../embeddings/index-store.js';
import type { Corpus, ProgressFn } from '../../embeddings/types.js';
import type { IndexInfo } from '../app.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { CorpusStore, Retriever } from '../types.js';
import { DenseRetriever } from './dense-retriever.js';
import { DEFAULT_HYBRID, HybridRetriever, NEURAL_HYBRID } from './hybrid-retriever.js';
import { IndexCorpusStore } from './index-corpus-store.js';
import { indexSource } from './index-source.js';
import { existsSync } from 'node:fs';
import { LearnedRetriever, type LearnedState } from './learned/learned-retriever.js';
import { LexicalRetriever } from './lexical-retriever.js';
import { RetrievalContext } from './retrieval-context.js';

export interface Retrievers {
  lexical: LexicalRetriever;
  dense: DenseRetriever;
  hybrid: HybridRetriever;
  /** The hybrid reordered by what labelled questions taught it; the hybrid itself until `prepare` (learned/). */
  learned: LearnedRetriever;
}

export interface OpenedIndex {
  store: CorpusStore;
  retrievers: Retrievers;
  /** The retriever the product uses: `learned`, which is the hybrid unless labelled questions are configured. */
  retriever: Retriever;
  indexInfo: IndexInfo;
  index: LoadedIndex;
  /** Why it was (re)built now, if it was. */
  built?: string;
  problems: Corpus['problems'];
}

export interface OpenIndexOptions {
  onProgress?: ProgressFn;
  onLog?: (line: string) => void;
  /** Rebuild even when up to date. */
  force?: boolean;
}

export async function openIndex(
  config: Pick<Config, 'corpusDir' | 'indexDir' | 'embeddings' | 'corpusDirSet'>,
  opts: OpenIndexOptions = {},
): Promise<OpenedIndex> {
  try {
    // An index built from another folder is served from that folder (or as it is), not rebuilt from CORPUS_DIR's default.
    const source = indexSource(config);
    if (source.kind === 'as-is') {
      opts.onLog?.(`Serving ${config.indexDir} as it is: its corpus folder ${source.recordedDir} is gone.`);
      return { ...wire(await loadIndex(config.indexDir, config.embeddings)), problems: [] };
    }
    const { index, built, problems } = await ensureIndex({
      corpusDir: source.corpusDir,
      indexDir: config.indexDir,
      embedder: config.embeddings,
      ...opts,
    });
    return { ...wire(index), built, problems };
  } catch (e) {
    if (IndexError.isInstance(e)) throw new AppError(e.code, e.message, { cause: e });
    throw e;
  }
}

/** Store, retrievers and health info over an already loaded index. */
export function wire(index: LoadedIndex): Omit<OpenedIndex, 'built' | 'problems'> {
  const ctx = new RetrievalContext(index);
  const lexical = new LexicalRetriever(ctx);
  const dense = new DenseRetriever(ctx);
  const corpusTrained = findEmbedder(String(index.manifest.embedder.identity.kind))?.corpusTrained;
  const hybrid = new HybridRetriever(ctx, lexical, dense, corpusTrained ? DEFAULT_HYBRID : NEURAL_HYBRID);
  const learned = new LearnedRetriever(hybrid, ctx);
  const m = index.manifest;
  return {
    store: new IndexCorpusStore(index),
    retrievers: { lexical, dense, hybrid, learned },
    retriever: learned,
    indexInfo: { documents: m.counts.documents, chunks: m.counts.chunks, embedder: m.embedder.name, builtAt: m.builtAt },
    index,
  };
}

/**
 * Turns on the learned ranking when the labels file exists (a missing LABELS_FILE that was set
 * explicitly is reported); otherwise searches stay on the hybrid. Never throws.
 */
export async function prepareLearnedRanking(
  config: Pick<Config, 'labelsFile' | 'labelsFileSet'>,
  opened: Pick<OpenedIndex, 'retrievers'>,
  opts: Omit<Parameters<LearnedRetriever['prepare']>[0], 'labelsFile'> = {},
): Promise<LearnedState> {
  if (!existsSync(config.labelsFile)) {
    if (config.labelsFileSet) opts.onLog?.(`LABELS_FILE ${config.labelsFile} does not exist; searches use the hybrid ranking.`);
    return { state: 'off' };
  }
  return opened.retrievers.learned.prepare({ labelsFile: config.labelsFile, ...opts });
}
