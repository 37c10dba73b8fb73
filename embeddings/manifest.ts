/**
 * The index manifest: what an index was built from (corpus fingerprint, indexing code, embedder and
 * its settings), what it holds (counts) and which files make it up (sizes and hashes, checked on load).
 * An index whose recorded inputs differ from the current ones is stale and gets rebuilt.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/** Bump when the layout of the index folder changes. */
export const INDEX_FORMAT = 1;
export const MANIFEST_FILE = 'manifest.json';

export interface IndexFileEntry {
  size: number;
  sha1: string;
}

export interface Manifest {
  format: number;
  builtAt: string;
  buildMs: number;
  corpus: { dir: string; fingerprint: string; files: number };
  /** Hash of the indexing code (embeddings/): a new splitter or tokenizer means new chunks or tokens. */
  code: string;
  embedder: { identity: Record<string, unknown>; name: string; dims: number };
  counts: { documents: number; chunks: number; problems: number; lexicalTerms: number };
  /** Settings the index was built with (lexical fields, embedding text, HNSW parameters). */
  build: Record<string, unknown>;
  files: Record<string, IndexFileEntry>;
}

function walk(dir: string, filter: (name: string) => boolean, out: string[] = [], base = dir): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, filter, out, base);
    else if (e.isFile() && filter(e.name)) out.push(path.relative(base, p));
  }
  return out;
}

/**
 * Content hash of every file in the corpus folder (names, sizes and bytes). Contents rather than
 * mtimes so a copied or re-checked-out corpus is not rebuilt; hashing 40 MB takes ~0.1 s.
 */
export function corpusFingerprint(dir: string): { fingerprint: string; files: number } {
  const files = walk(dir, () => true);
  const h = createHash('sha1');
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f));
    h.update(`${f}\0${buf.length}\0`);
    h.update(buf);
  }
  return { fingerprint: h.digest('hex'), files: files.length };
}

let codeHash: string | undefined;

/** Files in embeddings/ that cannot change what an index contains (entry points, progress, locking). */
const NOT_INDEXING = /(-cli|progress-reporter|ensure-index|index-error)\.(ts|js)$/;

/** Hash of the indexing code: every source file in embeddings/ that shapes an index's content. */
export function indexingCodeHash(): string {
  if (!codeHash) {
    // The sources, also when this runs from the server bundle (whose own folder is dist/).
    const dir = path.join(PROJECT_ROOT, 'embeddings');
    const h = createHash('sha1');
    for (const f of walk(dir, (n) => /\.(ts|js|mjs)$/.test(n) && !NOT_INDEXING.test(n) && !n.endsWith('.d.ts'))) {
      h.update(`${f}\0`);
      h.update(fs.readFileSync(path.join(dir, f)));
    }
    codeHash = h.digest('hex').slice(0, 16);
  }
  return codeHash;
}

export function hashFile(file: string): IndexFileEntry {
  const buf = fs.readFileSync(file);
  return { size: buf.length, sha1: createHash('sha1').update(buf).digest('hex') };
}

/** Every file under the index folder, keyed by relative path (the manifest itself excluded). */
export function describeFiles(dir: string): Record<string, IndexFileEntry> {
  const out: Record<string, IndexFileEntry> = {};
  for (const f of walk(dir, (n) => n !== MANIFEST_FILE)) out[f] = hashFile(path.join(dir, f));
  return out;
}

export function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    return typeof m?.format === 'number' && m.files && m.corpus && m.embedder ? m : undefined;
  } catch {
    return undefined;
  }
}

export function writeManifest(dir: string, m: Manifest): void {
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(m, null, 2)}\n`);
}

/** Stable JSON (sorted keys) for comparing settings objects. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
