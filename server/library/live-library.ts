/**
 * The document library as it changes while the server runs: uploads read and added to the live index,
 * documents removed or replaced, each change kept on disk (uploads-store.ts) and published as a new
 * generation of the query side (`publish`: the runtime swaps the parts the routes use). Changes run one
 * at a time; searches keep using the generation they started on, so they see the old state or the new,
 * never half of one.
 */
import { readUpload, UnreadableDocumentError } from '../../embeddings/corpus/upload.js';
import type { LoadedIndex } from '../../embeddings/index-store.js';
import { applyChanges, drift } from '../../embeddings/live-index.js';
import type { Chunk, CorpusDocument } from '../../embeddings/types.js';
import { type UploadRecord, type UploadsStore, uploadId } from './uploads-store.js';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** A document added by an upload, as POST /api/documents reports it. */
export interface AddedDocument {
  id: string;
  title: string;
  docNo?: string;
  file: string;
  articles: number;
  chunks: number;
}

export interface LibraryChange {
  documents: AddedDocument[];
  skipped: { file: string; error: string }[];
}

export interface LibraryStatus {
  /** A full rebuild is running (`rebuild`); searches are served from the index in memory meanwhile. */
  rebuilding: boolean;
  /** How the last rebuild ended, when there was one. */
  lastRebuild?: { at: string; error?: string };
  uploads: number;
  uploadedDocuments: number;
  removedDocuments: number;
  /** Share of chunks added or removed since the index was built (live-index.ts). */
  drift: number;
  /** True past REBUILD_DRIFT: idf and the dense model no longer describe the corpus well; `npm run ingest` refits them. */
  rebuildAdvised: boolean;
}

/** Past this drift a full rebuild is advised (health says so). No figure chose it: a fifth of the corpus changed. */
export const REBUILD_DRIFT = 0.2;

/** A removed document uploaded again gets a new id: its old chunks keep their positions, dead. */
function renamed(docs: CorpusDocument[], chunks: Chunk[], taken: (id: string) => boolean, suffix: string): { documents: CorpusDocument[]; chunks: Chunk[] } {
  const map = new Map<string, string>();
  for (const d of docs) {
    if (!taken(d.id)) continue;
    // The same file removed and uploaded again more than once: each time a new id.
    let id = `${d.id}-${suffix}`;
    for (let n = 2; taken(id); n++) id = `${d.id}-${suffix}-${n}`;
    map.set(d.id, id);
  }
  if (map.size === 0) return { documents: docs, chunks };
  const re = (id: string): string => {
    const [doc, ...rest] = id.split(':');
    const to = map.get(doc);
    return to ? [to, ...rest].join(':') : id;
  };
  return {
    documents: docs.map((d) => (map.has(d.id) ? { ...d, id: map.get(d.id)!, articles: d.articles.map((a) => ({ ...a, id: re(a.id), docId: map.get(d.id)! })) } : d)),
    chunks: chunks.map((c) => (map.has(c.docId) ? { ...c, id: re(c.id), docId: map.get(c.docId)!, articleId: re(c.articleId) } : c)),
  };
}

export class LiveLibrary {
  private queue: Promise<unknown> = Promise.resolve();
  /** Upload record of each uploaded document id. */
  private readonly uploadOf = new Map<string, UploadRecord>();
  private rebuilding = false;
  private lastRebuild?: LibraryStatus['lastRebuild'];

  private constructor(
    private index: LoadedIndex,
    private readonly store: UploadsStore,
    private readonly publish: (index: LoadedIndex) => Promise<void>,
    private readonly onLog: (line: string) => void,
    /** Builds the whole index again (uploads included, removed documents left out) and loads it. */
    private readonly buildAgain?: () => Promise<LoadedIndex>,
  ) {}

  /** The built index with the stored uploads and removals applied (nothing is published: the caller builds from `current`). */
  static async open(
    base: LoadedIndex,
    store: UploadsStore,
    publish: (index: LoadedIndex) => Promise<void>,
    onLog: (line: string) => void = () => {},
    buildAgain?: () => Promise<LoadedIndex>,
  ): Promise<LiveLibrary> {
    const lib = new LiveLibrary(base, store, publish, onLog, buildAgain);
    lib.index = await lib.applyStored(base);
    return lib;
  }

  /** `base` with every stored upload that is not part of it yet added and every stored removal applied. */
  private async applyStored(base: LoadedIndex): Promise<LoadedIndex> {
    const records = this.store.records(this.onLog);
    const removed = this.store.removed();
    this.uploadOf.clear();
    if (records.length === 0 && removed.size === 0) return base;
    const add: { documents: CorpusDocument[]; chunks: Chunk[] } = { documents: [], chunks: [] };
    const inBase = new Set(base.documents.map((d) => d.id));
    for (const r of records) {
      // Read again by a later full build (the originals are beside the index): nothing to add.
      const fresh = r.documents.filter((d) => !inBase.has(d.id));
      for (const d of r.documents) this.uploadOf.set(d.id, r);
      const ids = new Set(fresh.map((d) => d.id));
      add.documents.push(...fresh);
      add.chunks.push(...r.chunks.filter((c) => ids.has(c.docId)));
    }
    this.onLog(`library: ${records.length} upload(s) and ${removed.size} removal(s) applied to the index`);
    return applyChanges(base, { add, remove: removed });
  }

  /**
   * Builds the whole index again (a worker thread: searches go on meanwhile), so idf and the dense model
   * describe the corpus as it is now, then swaps it in with the changes made during the build applied on
   * top. Resolves when the new index serves; false when one is running already or none can be built.
   */
  rebuild(): Promise<boolean> {
    if (this.rebuilding || !this.buildAgain) return Promise.resolve(false);
    this.rebuilding = true;
    const build = this.buildAgain;
    return build()
      .then((base) =>
        this.serial(async () => {
          this.index = await this.applyStored(base);
          await this.publish(this.index);
          this.lastRebuild = { at: new Date().toISOString() };
          return true;
        }),
      )
      .catch((e: Error) => {
        this.lastRebuild = { at: new Date().toISOString(), error: e.message };
        this.onLog(`library: the rebuild failed (${e.message}); the index in use stays`);
        return false;
      })
      .finally(() => {
        this.rebuilding = false;
      });
  }

  get current(): LoadedIndex {
    return this.index;
  }

  private live(id: string): boolean {
    return this.index.documents.some((d) => d.id === id) && !this.index.removed?.has(id);
  }

  /** Runs changes one after another: each sees the index the previous one left. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads every file; adds those that read, skips the others with their reason; publishes once. */
  add(files: UploadedFile[]): Promise<LibraryChange> {
    return this.serial(() => this.change(files, new Set()));
  }

  /** Removes a document; false when there is no such live document. */
  remove(id: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.live(id)) return false;
      await this.change([], new Set([id]));
      return true;
    });
  }

  /** Replaces a document by an uploaded file: both in one change, or neither (a file that cannot be read changes nothing). */
  replace(id: string, file: UploadedFile): Promise<LibraryChange | undefined> {
    return this.serial(async () => {
      if (!this.live(id)) return undefined;
      return this.change([file], new Set([id]), { allowSame: id });
    });
  }

  private async change(files: UploadedFile[], remove: Set<string>, opts: { allowSame?: string } = {}): Promise<LibraryChange> {
    const skipped: LibraryChange['skipped'] = [];
    const read: { file: UploadedFile; id: string; documents: CorpusDocument[]; chunks: Chunk[] }[] = [];
    for (const file of files) {
      try {
        const corpus = await readUpload(file.name, file.bytes);
        const clash = corpus.documents.find((d) => this.live(d.id) && d.id !== opts.allowSame);
        if (clash) {
          skipped.push({ file: file.name, error: `${file.name}：资料库中已有这份文件（《${clash.title}》，id ${clash.id}）。要替换它，请用 PUT /api/documents/${clash.id}。` });
          continue;
        }
        const id = uploadId(file.bytes);
        const taken = (docId: string): boolean => this.index.documents.some((d) => d.id === docId) || read.some((r) => r.documents.some((d) => d.id === docId));
        read.push({ file, id, ...renamed(corpus.documents, corpus.chunks, taken, id.slice(0, 6)) });
      } catch (e) {
        if (!UnreadableDocumentError.isInstance(e)) throw e;
        skipped.push({ file: file.name, error: e.message });
      }
    }
    if (files.length > 0 && read.length === 0) return { documents: [], skipped };

    // Disk first: a crash after this point replays the change at the next start.
    const uploadedAt = new Date().toISOString();
    const records = read.map((r) => this.store.save({ id: r.id, file: r.file.name, bytes: r.file.bytes.length, uploadedAt, documents: r.documents, chunks: r.chunks }, r.file.bytes));
    this.forget(remove);

    this.index = await applyChanges(this.index, {
      add: { documents: read.flatMap((r) => r.documents), chunks: read.flatMap((r) => r.chunks) },
      remove,
    });
    for (const r of records) for (const d of r.documents) this.uploadOf.set(d.id, r);
    await this.publish(this.index);
    return {
      documents: read.flatMap((r) =>
        r.documents.map((d) => ({
          id: d.id,
          title: d.title,
          ...(d.docNo ? { docNo: d.docNo } : {}),
          file: r.file.name,
          articles: d.articles.length,
          chunks: r.chunks.filter((c) => c.docId === d.id).length,
        })),
      ),
      skipped,
    };
  }

  /** Records the removals: an upload whose documents are all gone is deleted; a bundled document is listed in removed.json. */
  private forget(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    const removed = this.store.removed();
    for (const id of ids) {
      const record = this.uploadOf.get(id);
      if (!record) {
        removed.add(id);
        continue;
      }
      this.uploadOf.delete(id);
      if (record.documents.every((d) => !this.uploadOf.has(d.id) || ids.has(d.id))) this.store.delete(record);
      else removed.add(id);
    }
    this.store.saveRemoved(removed);
  }

  /** Whether a document came from an upload (the library page offers delete and replace for every document). */
  uploaded(id: string): UploadRecord | undefined {
    return this.uploadOf.get(id);
  }

  status(): LibraryStatus {
    const d = drift(this.index);
    const uploads = new Set([...this.uploadOf.values()].map((r) => r.id));
    return {
      rebuilding: this.rebuilding,
      ...(this.lastRebuild ? { lastRebuild: this.lastRebuild } : {}),
      uploads: uploads.size,
      uploadedDocuments: this.uploadOf.size,
      removedDocuments: this.index.removed?.size ?? 0,
      drift: Math.round(d * 1000) / 1000,
      rebuildAdvised: d > REBUILD_DRIFT,
    };
  }
}
