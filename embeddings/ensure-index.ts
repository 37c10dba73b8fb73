/**
 * Open the index for a corpus folder, building it first when it is missing, stale (corpus, indexing
 * code or embedder changed) or damaged. Used by `npm start`, `npm run ingest`, the evaluation runner
 * and the tests. A lock beside the index folder makes concurrent callers (two test workers, a server
 * and an ingest) wait for one build instead of racing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadCorpus } from './corpus/load-corpus.js';
import { buildIndex } from './build-index.js';
import type { EmbedderSettings } from './embedder-types.js';
import { embedderIdentity, findEmbedder } from './embedders.js';
import { IndexError } from './index-error.js';
import { loadIndex, type LoadedIndex } from './index-store.js';
import { corpusFingerprint, indexingCodeHash, INDEX_FORMAT, readManifest, stableJson } from './manifest.js';
import type { Corpus, ProgressFn } from './types.js';

export interface EnsureIndexOptions {
  corpusDir: string;
  indexDir: string;
  embedder: EmbedderSettings;
  onProgress?: ProgressFn;
  /** Rebuild even when the index is up to date (`npm run ingest`). */
  force?: boolean;
  /** Where chunks come from (default: the folder pipeline). */
  loadCorpus?: (dir: string, opts: { onProgress?: ProgressFn }) => Promise<Corpus>;
  /** Told why a build happens, e.g. "corpus changed". */
  onLog?: (line: string) => void;
}

export interface EnsuredIndex {
  index: LoadedIndex;
  /** Set when this call built the index, with the reason. */
  built?: string;
  /** Problems the corpus loader reported (files skipped) when it was built now. */
  problems: Corpus['problems'];
}

/**
 * An index an external embedder built (EMBEDDINGS=openai: paid, slow to redo) is not rebuilt with another
 * kind because a variable went missing: the start stops and says which embedder built it. Asked
 * explicitly (npm run ingest, npm start -- --rebuild), it is rebuilt. A change within a kind (another
 * model, other settings) is a deliberate choice and rebuilds as before.
 */
function refuseEmbedderSwitch(indexDir: string, embedder: EmbedderSettings): void {
  const m = readManifest(indexDir);
  const built = m ? String(m.embedder.identity.kind) : undefined;
  if (!m || !built || built === embedder.kind || findEmbedder(built)?.corpusTrained) return;
  throw new IndexError(
    'embedder_mismatch',
    `The index at ${indexDir} was built with EMBEDDINGS=${built} (${m.embedder.name}), but EMBEDDINGS is ${embedder.kind} now. ` +
      `Set EMBEDDINGS=${built} with its EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL to serve it, or rebuild it with ${embedder.kind}: npm run ingest, or npm start -- --rebuild.`,
  );
}

/** Why the index at `indexDir` cannot be used as is, or undefined when it is up to date. */
export function staleReason(indexDir: string, corpusDir: string, embedder: EmbedderSettings): string | undefined {
  const m = readManifest(indexDir);
  if (!m) return fs.existsSync(indexDir) ? 'manifest missing or unreadable' : 'no index yet';
  if (m.format !== INDEX_FORMAT) return `index format ${m.format} (now ${INDEX_FORMAT})`;
  if (m.code !== indexingCodeHash()) return 'indexing code changed';
  if (stableJson(m.embedder.identity) !== stableJson(embedderIdentity(embedder))) return 'embedder changed';
  if (m.corpus.fingerprint !== corpusFingerprint(corpusDir).fingerprint) return 'corpus changed';
  return undefined;
}

export async function ensureIndex(opts: EnsureIndexOptions): Promise<EnsuredIndex> {
  const indexDir = path.resolve(opts.indexDir);
  const log = opts.onLog ?? (() => {});
  if (!opts.force && !staleReason(indexDir, opts.corpusDir, opts.embedder)) {
    try {
      return { index: await loadIndex(indexDir, opts.embedder), problems: [] };
    } catch (e) {
      if (!IndexError.isInstance(e)) throw e;
      log(`${e.message.split('. Run')[0]}; rebuilding.`);
    }
  }
  const release = await acquireLock(indexDir, log);
  try {
    removeLeftovers(indexDir);
    // Someone else may have built it while we waited for the lock.
    let reason = opts.force ? 'rebuild requested' : staleReason(indexDir, opts.corpusDir, opts.embedder);
    if (!reason) {
      try {
        return { index: await loadIndex(indexDir, opts.embedder), problems: [] };
      } catch (e) {
        if (!IndexError.isInstance(e)) throw e;
        reason = e.code === 'index_missing' ? 'index file missing' : 'index damaged';
      }
    }
    if (reason === 'embedder changed' && !opts.force) refuseEmbedderSwitch(indexDir, opts.embedder);
    log(`Building the index in ${indexDir} (${reason}).`);
    if (!fs.existsSync(opts.corpusDir)) {
      throw new IndexError('index_missing', `No index at ${indexDir} and no corpus folder at ${opts.corpusDir} to build it from. Set CORPUS_DIR.`);
    }
    const fp = corpusFingerprint(opts.corpusDir);
    const load = opts.loadCorpus ?? loadCorpus;
    const corpus = await load(opts.corpusDir, { onProgress: opts.onProgress });
    await buildIndex(corpus, indexDir, {
      embedder: opts.embedder,
      source: { dir: opts.corpusDir, fingerprint: fp.fingerprint, files: fp.files },
      onProgress: opts.onProgress,
    });
    return { index: await loadIndex(indexDir, opts.embedder), built: reason, problems: corpus.problems };
  } finally {
    release();
  }
}

/** Temporary folders of builds that crashed or were interrupted (we hold the lock: nobody else is building). */
function removeLeftovers(indexDir: string): void {
  const parent = path.dirname(indexDir);
  const base = path.basename(indexDir);
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(`${base}.building-`)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    // A crash between the two renames of a swap leaves only the old index: put it back.
    if (name.startsWith(`${base}.old-`)) {
      if (fs.existsSync(indexDir)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      else fs.renameSync(path.join(parent, name), indexDir);
    }
  }
}

/**
 * A lock folder beside the index (mkdir is atomic). A lock left by a dead process, or older than
 * an hour, is taken over.
 */
async function acquireLock(indexDir: string, log: (line: string) => void): Promise<() => void> {
  const lock = `${indexDir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, at: Date.now() }));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (lockIsStale(lock)) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      log(`Waiting for another process building the index (${lock}).`);
      told = true;
    }
    await sleep(250);
  }
}

function lockIsStale(lock: string): boolean {
  let owner: { pid?: number; at?: number };
  try {
    owner = JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8'));
  } catch {
    // Just created by someone who has not written the owner yet — unless it has been like that a while.
    try {
      return Date.now() - fs.statSync(lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  if (!owner.pid || !owner.at || Date.now() - owner.at > 3_600_000) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
