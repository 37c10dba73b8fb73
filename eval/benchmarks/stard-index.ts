/**
 * The benchmark corpus indexed the way a user's own corpus is: the JSONL file is copied into a corpus
 * folder of its own (data/bench/stard-<corpus>/corpus/) and `ensureIndex` builds the index beside it
 * (…/index/), reused while its manifest is up to date (same corpus bytes, indexing code and embedder).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { chunkSourceIds } from '../../embeddings/corpus/load-jsonl.js';
import type { EmbedderSettings } from '../../embeddings/embedder-types.js';
import { ensureIndex } from '../../embeddings/ensure-index.js';
import type { LoadedIndex } from '../../embeddings/index-store.js';
import type { ProgressFn } from '../../embeddings/types.js';
import { CORPUS_FILES, corpusFile, type StardCorpus } from './stard-data.js';

export const DEFAULT_BENCH_DIR = path.join('data', 'bench');

export interface BenchIndex {
  index: LoadedIndex;
  /** Corpus row id of every chunk (chunks of one long article share it). */
  chunkIds: (number | undefined)[];
  /** Why it was built in this run, if it was; undefined when reused. */
  built?: string;
  buildMs: number;
  corpusDir: string;
  indexDir: string;
}

/** Copies `src` into `dir` as the folder's only corpus file, unless an identical copy is there already. */
export function stageCorpusFile(src: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, path.basename(src));
  for (const f of readdirSync(dir)) if (f !== path.basename(src)) rmSync(path.join(dir, f), { recursive: true, force: true });
  if (existsSync(dest) && statSync(dest).size === statSync(src).size && readFileSync(dest).equals(readFileSync(src))) return;
  copyFileSync(src, dest);
}

export async function ensureStardIndex(opts: {
  stardDir: string;
  corpus: StardCorpus;
  benchDir?: string;
  embedder: EmbedderSettings;
  onProgress?: ProgressFn;
  onLog?: (line: string) => void;
  force?: boolean;
}): Promise<BenchIndex> {
  const base = path.resolve(opts.benchDir ?? DEFAULT_BENCH_DIR, `stard-${opts.corpus}`);
  const corpusDir = path.join(base, 'corpus');
  const indexDir = path.join(base, 'index');
  stageCorpusFile(corpusFile(opts.stardDir, opts.corpus), corpusDir);
  const t0 = performance.now();
  const { index, built, problems } = await ensureIndex({
    corpusDir,
    indexDir,
    embedder: opts.embedder,
    onProgress: opts.onProgress,
    onLog: opts.onLog,
    force: opts.force,
  });
  for (const p of problems) opts.onLog?.(`${CORPUS_FILES[opts.corpus]}: ${p.message}`);
  const chunkIds = chunkSourceIds(index.documents, index.chunks).map((id) => (id === undefined ? undefined : Number(id)));
  return { index, chunkIds, built, buildMs: built ? performance.now() - t0 : index.manifest.buildMs, corpusDir, indexDir };
}

/** Per corpus row id: the law it belongs to (its document's title) and its text (its chunks joined). */
export function rowsOf(bench: BenchIndex): { lawOf: Map<number, string>; textOf: Map<number, string> } {
  const lawOf = new Map<number, string>();
  const textOf = new Map<number, string>();
  bench.index.chunks.forEach((chunk, i) => {
    const id = bench.chunkIds[i];
    if (id === undefined) return;
    lawOf.set(id, bench.index.documents[bench.index.chunkDoc[i]].title);
    textOf.set(id, (textOf.get(id) ?? '') + chunk.text);
  });
  return { lawOf, textOf };
}
