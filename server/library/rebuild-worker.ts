/**
 * A full rebuild of the index in a worker thread (live-library.ts `rebuild`): the corpus folder with the
 * uploads and without the removed documents, built into INDEX_DIR and swapped in by rename as `npm run
 * ingest` does. The server keeps serving the index it has in memory meanwhile, then loads the new one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';
import { ensureIndex } from '../../embeddings/ensure-index.js';
import type { Config } from '../config.js';
import { UploadsStore, withUploads } from './uploads-store.js';

const { config } = workerData as { config: Config };
try {
  const { index } = await ensureIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedder: config.embeddings,
    force: true,
    loadCorpus: withUploads(loadCorpus, new UploadsStore(config.uploadsDir)),
  });
  parentPort?.postMessage({ result: { documents: index.documents.length, chunks: index.chunks.length, builtAt: index.manifest.builtAt } });
} catch (e) {
  parentPort?.postMessage({ error: (e as Error).message });
}
