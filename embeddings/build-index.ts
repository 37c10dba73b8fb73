/**
 * Builds an index folder from a Corpus (documents + chunks), from any source: the folder pipeline,
 * pre-split JSONL articles, a test's hand-made chunks. Everything is written into a temporary folder
 * beside the target and swapped in by rename at the end, so a crash or Ctrl-C mid-build leaves the
 * previous index untouched and in use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EmbedderSettings } from './embedder-types.js';
import { embedderIdentity, embedderKind, embedderName } from './embedders.js';
import { FILES, type StoredChunk } from './index-store.js';
import { LexicalIndexBuilder } from './lexical-index.js';
import { describeFiles, indexingCodeHash, INDEX_FORMAT, writeManifest, type Manifest } from './manifest.js';
import { mineAbbreviations } from './text/lexicon/mine-abbreviations.js';
import { withoutSpaceOrPunctuation } from './text/normalize.js';
import { tokenize } from './text/tokenize.js';
import type { Chunk, Corpus, CorpusDocument, ProgressFn } from './types.js';
import { GRAPH, VectorIndex } from './vector-index.js';

export interface BuildOptions {
  embedder: EmbedderSettings;
  /** What the corpus came from; recorded so a changed corpus is noticed. */
  source: { dir: string; fingerprint: string; files: number };
  onProgress?: ProgressFn;
}

/** Chunks are embedded with their document title, heading path and label: a chunk saying 对符合条件的… needs its context. */
export function denseText(doc: Pick<CorpusDocument, 'title'>, chunk: Pick<Chunk, 'label' | 'headingPath' | 'text'>): string {
  const label = chunk.label === '正文' ? '' : chunk.label;
  return `${doc.title}\n${[...chunk.headingPath, label].filter(Boolean).join(' ')}\n${chunk.text}`;
}

/** Vectors added to the graph per step (progress is reported per batch). */
const HNSW_BATCH = 1000;

export async function buildIndex(corpus: Corpus, outDir: string, opts: BuildOptions): Promise<Manifest> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => {});
  const embedder = embedderKind(opts.embedder.kind);
  const target = path.resolve(outDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.building-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const docById = new Map(corpus.documents.map((d) => [d.id, d]));
    const chunks = corpus.chunks.filter((c) => docById.has(c.docId));
    const n = chunks.length;
    if (n === 0) throw new Error('The corpus has no chunks to index (see the problems reported for its files).');

    // Tokenise each chunk's text once; titles, headings and labels repeat, so they are cached.
    // (tokenize(a + '\n' + b) is tokenize(a) followed by tokenize(b): no word or bigram crosses a line.)
    const cache = new Map<string, string[]>();
    const cached = (s: string) => {
      let t = cache.get(s);
      if (!t) cache.set(s, (t = tokenize(s)));
      return t;
    };
    const lex = new LexicalIndexBuilder();
    const denseTokens: string[][] = [];
    for (let i = 0; i < n; i++) {
      const c = chunks[i];
      const doc = docById.get(c.docId)!;
      const label = c.label === '正文' ? [] : cached(c.label);
      const text = tokenize(c.text);
      const title = cached(doc.title);
      // BM25 sees the title once and the label (市场主体登记管理条例第十条 finds the article), then the text.
      lex.add([...title, ...label, ...text]);
      if (embedder.wantsTokens) denseTokens.push([...title, ...c.headingPath.flatMap(cached), ...label, ...text]);
      if (i % 500 === 0 || i === n - 1) progress({ stage: 'tokenise', done: i + 1, total: n });
    }
    const lexical = lex.finish();
    lexical.save(path.join(tmp, FILES.lexical));

    // Dense side.
    const { embeddings, vectors } = await embedder.build(opts.embedder, {
      dir: tmp,
      texts: () => chunks.map((c) => denseText(docById.get(c.docId)!, c)),
      tokens: denseTokens,
      onProgress: progress,
    });
    const dims = vectors[0]?.length ?? 0;
    if (!dims) throw new Error('The embedder returned empty vectors.');
    const store = VectorIndex.create(embeddings, dims);
    for (let a = 0; a < n; a += HNSW_BATCH) {
      const b = Math.min(n, a + HNSW_BATCH);
      // Sized once for all chunks after the first batch, rather than grown per batch.
      await store.add(
        a,
        vectors.slice(a, b),
        chunks.slice(a, b).map((c) => c.id),
        a === 0 ? n : undefined,
      );
      progress({ stage: 'hnsw', done: b, total: n });
    }
    await store.save(path.join(tmp, FILES.hnsw));

    // Documents and chunks (chunk text is a slice of the document text; stored once).
    const groups = new Map<string, number>();
    const stored: StoredChunk[] = chunks.map(({ text, ...c }) => {
      // Punctuation and full-/half-width differ between compilations of the same text.
      const key = withoutSpaceOrPunctuation(text);
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = groups.size));
      return { ...c, group: g };
    });
    fs.writeFileSync(path.join(tmp, FILES.documents), JSON.stringify(corpus.documents));
    fs.writeFileSync(path.join(tmp, FILES.abbreviations), JSON.stringify(mineAbbreviations(corpus.documents)));
    fs.writeFileSync(path.join(tmp, FILES.chunks), JSON.stringify(stored));
    progress({ stage: 'write', done: 1, total: 1 });

    const manifest: Manifest = {
      format: INDEX_FORMAT,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      corpus: { dir: opts.source.dir, fingerprint: opts.source.fingerprint, files: opts.source.files },
      code: indexingCodeHash(),
      embedder: { identity: embedderIdentity(opts.embedder), name: embedderName(opts.embedder, dims), dims },
      counts: { documents: corpus.documents.length, chunks: n, problems: corpus.problems.length, lexicalTerms: lexical.terms.length },
      build: { lexicalText: 'title+label+text', denseText: 'title+headings+label+text', hnsw: { space: 'cosine', m: GRAPH.m, efConstruction: GRAPH.efConstruction } },
      files: describeFiles(tmp),
    };
    writeManifest(tmp, manifest);
    swapIn(tmp, target);
    return manifest;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Replaces `target` by `tmp` with two renames; the old index is kept aside until the new one is in place. */
function swapIn(tmp: string, target: string): void {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    if (hadOld) fs.renameSync(old, target);
    throw e;
  }
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}
