/**
 * Changes to a loaded index without a rebuild: documents added (uploads) and removed. The result is a
 * new LoadedIndex; the old one stays valid, so searches that started on it finish on it.
 *  - added chunks take the next positions: their lexical postings are merged in (LexicalIndex.appended),
 *    their vectors are embedded with the index's own model (the local embedder's projection, trained at
 *    the build, folds new text in as it folds in a question) and added to the graph under those labels;
 *  - removed documents keep their positions; their chunks are marked dead (every search skips them) and
 *    their vectors deleted from the graph.
 * The vector graph is shared by both generations (hnswlib cannot copy it cheaply): an old generation
 * ignores labels beyond its own chunks (RetrievalContext). Corpus statistics (idf, the LSA model) are the
 * build's: `drift` says how far the changes have moved from it, so health can advise a rebuild.
 */
import { denseText } from './build-index.js';
import type { LoadedIndex } from './index-store.js';
import { mineAbbreviations } from './text/lexicon/mine-abbreviations.js';
import { withoutSpaceOrPunctuation } from './text/normalize.js';
import { tokenize } from './text/tokenize.js';
import type { Chunk, CorpusDocument } from './types.js';

export interface IndexChanges {
  add: { documents: CorpusDocument[]; chunks: Chunk[] };
  /** Ids of documents to remove (in the index, or among `add` of an earlier change). */
  remove: ReadonlySet<string>;
}

/** The index with the changes applied; `base` is not changed (but its vector graph gains the new labels). */
export async function applyChanges(base: LoadedIndex, changes: IndexChanges): Promise<LoadedIndex> {
  const known = new Set(base.documents.map((d) => d.id));
  const documents = changes.add.documents.filter((d) => !known.has(d.id));
  const ids = new Set(documents.map((d) => d.id));
  const chunks = changes.add.chunks.filter((c) => ids.has(c.docId));
  const first = base.chunks.length;
  const docPos = new Map([...base.documents, ...documents].map((d, i) => [d.id, i]));
  const byId = new Map(documents.map((d) => [d.id, d]));

  // Lexical: BM25 sees the title once and the label, then the text (as build-index.ts).
  const lexical = base.lexical.appended(chunks.map((c) => [...tokenize(byId.get(c.docId)!.title), ...(c.label === '正文' ? [] : tokenize(c.label)), ...tokenize(c.text)]));

  // Dense: the index's own embedder, then the graph.
  if (chunks.length) {
    const vectors = await base.embeddings.embedDocuments(chunks.map((c) => denseText(byId.get(c.docId)!, c)));
    await base.vectors.add(
      first,
      vectors,
      chunks.map((c) => c.id),
    );
  }

  // Duplicate groups: an added chunk whose text an existing chunk has joins its group.
  const groupOf = new Map<string, number>();
  let nextGroup = 0;
  base.chunks.forEach((c, i) => {
    const g = base.chunkGroup[i];
    nextGroup = Math.max(nextGroup, g + 1);
    const key = withoutSpaceOrPunctuation(c.text);
    if (!groupOf.has(key)) groupOf.set(key, g);
  });
  const n = first + chunks.length;
  const chunkDoc = new Uint32Array(n);
  chunkDoc.set(base.chunkDoc);
  const chunkGroup = new Uint32Array(n);
  chunkGroup.set(base.chunkGroup);
  chunks.forEach((c, j) => {
    chunkDoc[first + j] = docPos.get(c.docId)!;
    const key = withoutSpaceOrPunctuation(c.text);
    let g = groupOf.get(key);
    if (g === undefined) groupOf.set(key, (g = nextGroup++));
    chunkGroup[first + j] = g;
  });

  const allDocs = [...base.documents, ...documents];
  const allChunks = [...base.chunks, ...chunks];
  const dead = new Uint8Array(n);
  if (base.dead) dead.set(base.dead);
  const removedPos = new Set([...changes.remove].map((id) => docPos.get(id)).filter((p): p is number => p !== undefined));
  for (let i = 0; i < n; i++) {
    if (dead[i] || !removedPos.has(chunkDoc[i])) continue;
    dead[i] = 1;
    base.vectors.remove(i);
  }

  const removed = new Set(base.removed ?? []);
  for (const id of changes.remove) if (docPos.has(id)) removed.add(id);
  const removedChunks = countDead(dead);
  const before = base.changed ?? { added: 0, removed: 0 };
  return {
    ...base,
    manifest: { ...base.manifest, counts: { ...base.manifest.counts, documents: allDocs.length - removed.size, chunks: n - removedChunks } },
    documents: allDocs,
    chunks: allChunks,
    chunkDoc,
    chunkGroup,
    lexical,
    dead,
    removed,
    changed: { added: before.added + chunks.length, removed: removedChunks },
    abbreviations: documents.length ? [...base.abbreviations, ...mineAbbreviations(documents)] : base.abbreviations,
  };
}

function countDead(dead: Uint8Array): number {
  let k = 0;
  for (const d of dead) k += d;
  return k;
}

/** Share of the chunks added or removed since the build: how far idf and the dense model lag behind the corpus. */
export function drift(index: Pick<LoadedIndex, 'chunks' | 'changed'>): number {
  const c = index.changed;
  if (!c) return 0;
  const built = index.chunks.length - c.added;
  return built > 0 ? (c.added + c.removed) / built : 1;
}
