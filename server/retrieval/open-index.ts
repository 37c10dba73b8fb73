/**
 * Opens the configured index: builds it when missing or stale (with progress) and loads it. The
 * parts that query it are assembled by the composition root (server/runtime.ts).
 */
import { loadCorpus as loadCorpusFolder } from '../../embeddings/corpus/load-corpus.js';
import { UploadsStore, withUploads } from '../library/uploads-store.js';
import { ensureIndex } from '../../embeddings/ensure-index.js';
import { IndexError } from '../../embeddings/index-error.js';
import { loadIndex, type LoadedIndex } from '../../embeddings/index-store.js';
import type { Corpus, ProgressFn } from '../../embeddings/types.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { indexSource } from './index-source.js';

export interface OpenedIndexFiles {
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

export async function openIndexFiles(
  config: Pick<Config, 'corpusDir' | 'indexDir' | 'embeddings' | 'corpusDirSet'> & Partial<Pick<Config, 'uploadsDir'>>,
  opts: OpenIndexOptions = {},
): Promise<OpenedIndexFiles> {
  try {
    // An index built from another folder is served from that folder (or as it is), not rebuilt from CORPUS_DIR's default.
    const source = indexSource(config);
    if (source.kind === 'as-is') {
      opts.onLog?.(`Serving ${config.indexDir} as it is: its corpus folder ${source.recordedDir} is gone.`);
      return { index: await loadIndex(config.indexDir, config.embeddings), problems: [] };
    }
    // A build reads the uploaded documents too (UPLOADS_DIR), so a rebuild keeps them.
    const loadCorpus = config.uploadsDir ? withUploads(loadCorpusFolder, new UploadsStore(config.uploadsDir)) : undefined;
    return await ensureIndex({ corpusDir: source.corpusDir, indexDir: config.indexDir, embedder: config.embeddings, ...(loadCorpus ? { loadCorpus } : {}), ...opts });
  } catch (e) {
    if (IndexError.isInstance(e)) throw new AppError(e.code, e.message, { cause: e });
    throw e;
  }
}
