/**
 * The index folder and how it loads. Layout:
 *
 *   manifest.json      what it was built from, counts, file sizes and hashes (written last)
 *   documents.json     documents with cleaned text and articles
 *   chunks.json        chunks without their text (it is a slice of the document's text)
 *   lexical.bin        BM25 postings (typed arrays)
 *   embedder.bin       the local embedder's model (only with EMBEDDINGS=local)
 *   abbreviations.json abbreviations the corpus defines (以下简称…), for query expansion
 *   hnsw/              the vector index (vector-index.ts): hnswlib.index, args.json, docstore.json
 *
 * Anything missing, truncated or unparsable becomes an IndexError with a sentence saying how to rebuild.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderSettings } from './embedder-types.js';
import { findEmbedder } from './embedders.js';
import { IndexError } from './index-error.js';
import { LexicalIndex } from './lexical-index.js';
import { EMBEDDER_FILE } from './local-embedder.js';
import { hashFile, readManifest, MANIFEST_FILE, type Manifest } from './manifest.js';
import type { Abbreviation } from './text/lexicon/mine-abbreviations.js';
import type { Chunk, CorpusDocument } from './types.js';
import { VectorIndex } from './vector-index.js';

export const FILES = {
  documents: 'documents.json',
  chunks: 'chunks.json',
  lexical: 'lexical.bin',
  embedder: EMBEDDER_FILE,
  abbreviations: 'abbreviations.json',
  hnsw: 'hnsw',
} as const;

/** A chunk as stored: no text (sliced from the document on load), plus its duplicate group. */
export interface StoredChunk extends Omit<Chunk, 'text'> {
  group: number;
}

export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  documents: CorpusDocument[];
  chunks: Chunk[];
  /** Position of each chunk's document in `documents`. */
  chunkDoc: Uint32Array;
  /** Chunks whose whitespace-free text is identical share a group: one result per distinct text. */
  chunkGroup: Uint32Array;
  lexical: LexicalIndex;
  /** Dense vectors; HNSW labels are chunk positions. */
  vectors: VectorIndex;
  embeddings: Embeddings;
  abbreviations: Abbreviation[];
  /**
   * Chunks of documents removed since the build (live-index.ts), 1 = removed: they keep their
   * positions (the vector graph is labelled by position) and every search skips them.
   */
  dead?: Uint8Array;
  /** Ids of the documents removed since the build. */
  removed?: ReadonlySet<string>;
  /** Chunks added and removed since the build (live-index.ts `drift`). */
  changed?: { added: number; removed: number };
}

const REBUILD = 'Run `npm run ingest` to rebuild it (or start the server, which rebuilds a missing or stale index).';

/** Loads an index folder. `embedder` supplies what the manifest cannot hold (an API key). */
export async function loadIndex(dir: string, embedder?: EmbedderSettings): Promise<LoadedIndex> {
  if (!fs.existsSync(dir) || !fs.existsSync(path.join(dir, MANIFEST_FILE))) {
    throw new IndexError('index_missing', `No index at ${dir}. ${REBUILD}`);
  }
  const manifest = readManifest(dir);
  if (!manifest) throw new IndexError('index_corrupt', `The index manifest ${path.join(dir, MANIFEST_FILE)} is unreadable. ${REBUILD}`);
  verifyFiles(dir, manifest);

  const fail = (what: string, e: unknown): never => {
    throw new IndexError('index_corrupt', `The index file ${what} in ${dir} is damaged (${(e as Error).message}). ${REBUILD}`, { cause: e });
  };
  let documents: CorpusDocument[] = [];
  let stored: StoredChunk[] = [];
  let abbreviations: Abbreviation[] = [];
  try {
    documents = JSON.parse(fs.readFileSync(path.join(dir, FILES.documents), 'utf8'));
    stored = JSON.parse(fs.readFileSync(path.join(dir, FILES.chunks), 'utf8'));
    abbreviations = JSON.parse(fs.readFileSync(path.join(dir, FILES.abbreviations), 'utf8'));
  } catch (e) {
    fail(`${FILES.documents}/${FILES.chunks}/${FILES.abbreviations}`, e);
  }
  const docIndex = new Map(documents.map((d, i) => [d.id, i]));
  const chunks: Chunk[] = new Array(stored.length);
  const chunkDoc = new Uint32Array(stored.length);
  const chunkGroup = new Uint32Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const { group, ...c } = stored[i];
    const di = docIndex.get(c.docId);
    if (di === undefined) fail(FILES.chunks, new Error(`chunk ${c.id} names an unknown document`));
    chunkDoc[i] = di as number;
    chunkGroup[i] = group;
    chunks[i] = { ...c, text: documents[di as number].text.slice(c.start, c.end) };
  }

  let lexical: LexicalIndex | undefined;
  try {
    lexical = LexicalIndex.load(path.join(dir, FILES.lexical));
  } catch (e) {
    fail(FILES.lexical, e);
  }
  if (lexical!.size !== chunks.length) fail(FILES.lexical, new Error(`${lexical!.size} entries for ${chunks.length} chunks`));

  const kind = manifest.embedder.identity.kind;
  const registered = findEmbedder(String(kind));
  if (!registered) {
    throw new IndexError('index_corrupt', `The index at ${dir} was built with an embedder this version does not know (${JSON.stringify(kind)}). ${REBUILD}`);
  }
  const embeddings: Embeddings = registered.load({ dir, settings: embedder, damaged: fail });

  let vectors: VectorIndex | undefined;
  try {
    vectors = await VectorIndex.load(path.join(dir, FILES.hnsw), embeddings);
  } catch (e) {
    fail(FILES.hnsw, e);
  }
  if (vectors!.size !== chunks.length) {
    fail(FILES.hnsw, new Error(`${vectors!.size} vectors for ${chunks.length} chunks`));
  }
  return { dir, manifest, documents, chunks, chunkDoc, chunkGroup, lexical: lexical!, vectors: vectors!, embeddings, abbreviations };
}

/**
 * Every file the manifest lists must exist with its size and hash: a truncated or overwritten file is
 * caught here, before a native reader (hnswlib) sees it.
 */
function verifyFiles(dir: string, manifest: Manifest): void {
  for (const [rel, want] of Object.entries(manifest.files)) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) throw new IndexError('index_missing', `The index file ${rel} is missing from ${dir}. ${REBUILD}`);
    const got = hashFile(file);
    if (got.size !== want.size || got.sha1 !== want.sha1) {
      throw new IndexError('index_corrupt', `The index file ${rel} in ${dir} does not match its manifest (damaged or changed after the build). ${REBUILD}`);
    }
  }
}
