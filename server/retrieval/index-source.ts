/**
 * Which corpus folder an index is kept current against. An index records the folder it was built
 * from (`npm run ingest -- --corpus DIR --out DIR`). When CORPUS_DIR is not set, `npm start` with
 * INDEX_DIR pointing at such an index serves it — checked against, and if need be rebuilt from, its
 * own folder, or served as it is when that folder is gone — instead of rebuilding it from the
 * default data/corpus. With CORPUS_DIR set, that folder wins, as before.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readManifest } from '../../embeddings/manifest.js';
import type { Config } from '../config.js';

export type IndexSource = { kind: 'corpus'; corpusDir: string } | { kind: 'as-is'; recordedDir: string };

export function indexSource(config: Pick<Config, 'corpusDir' | 'indexDir' | 'corpusDirSet'>): IndexSource {
  if (config.corpusDirSet !== false) return { kind: 'corpus', corpusDir: config.corpusDir };
  const recorded = readManifest(config.indexDir)?.corpus.dir;
  if (!recorded || path.resolve(recorded) === path.resolve(config.corpusDir)) return { kind: 'corpus', corpusDir: config.corpusDir };
  return existsSync(recorded) ? { kind: 'corpus', corpusDir: recorded } : { kind: 'as-is', recordedDir: recorded };
}
