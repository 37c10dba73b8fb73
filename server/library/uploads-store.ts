/**
 * Uploaded documents on disk, beside the index (UPLOADS_DIR):
 *
 *   originals/<upload id>-<file name>   the file as uploaded (a later rebuild can read it again)
 *   uploads/<upload id>.json            what was read from it: documents and chunks, file, size, time
 *   removed.json                        ids of removed documents (bundled ones included)
 *
 * Every write goes to a temporary file and is renamed into place, so a crash leaves the old state or
 * the new one, never half a file. The server applies the store to the built index at start-up
 * (live-library.ts), so uploads and removals survive a restart without a rebuild.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Chunk, Corpus, CorpusDocument } from '../../embeddings/types.js';

export interface UploadRecord {
  /** sha1 of the file's bytes, shortened: the same file uploaded twice is one upload. */
  id: string;
  file: string;
  bytes: number;
  uploadedAt: string;
  /** Path of the original, relative to the store. */
  original: string;
  documents: CorpusDocument[];
  chunks: Chunk[];
}

/** Writes `data` to `file` through a temporary file in the same folder and a rename. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** A file name safe to store: no folders, no control characters, at most 120 characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes from a file name.
  const cleaned = base.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '_');
  return (cleaned || 'file').slice(-120);
}

export function uploadId(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex').slice(0, 16);
}

export class UploadsStore {
  constructor(readonly dir: string) {}

  private recordsDir(): string {
    return path.join(this.dir, 'uploads');
  }

  /** Every upload on disk, oldest first; a record that cannot be read is reported and skipped. */
  records(onProblem: (message: string) => void = () => {}): UploadRecord[] {
    const dir = this.recordsDir();
    if (!fs.existsSync(dir)) return [];
    const out: UploadRecord[] = [];
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      try {
        out.push(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as UploadRecord);
      } catch (e) {
        onProblem(`${path.join(dir, name)}: unreadable upload record, skipped (${(e as Error).message})`);
      }
    }
    return out.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || a.id.localeCompare(b.id));
  }

  /** Keeps the original and what was read from it. */
  save(record: Omit<UploadRecord, 'original'>, bytes: Uint8Array): UploadRecord {
    const original = path.join('originals', `${record.id}-${safeFileName(record.file)}`);
    writeAtomic(path.join(this.dir, original), bytes);
    const full: UploadRecord = { ...record, original };
    writeAtomic(path.join(this.recordsDir(), `${record.id}.json`), JSON.stringify(full));
    return full;
  }

  /** Forgets an upload: its record first (what the server applies), then its original. */
  delete(record: UploadRecord): void {
    fs.rmSync(path.join(this.recordsDir(), `${record.id}.json`), { force: true });
    fs.rmSync(path.join(this.dir, record.original), { force: true });
  }

  removed(): Set<string> {
    const file = path.join(this.dir, 'removed.json');
    if (!fs.existsSync(file)) return new Set();
    try {
      return new Set(JSON.parse(fs.readFileSync(file, 'utf8')) as string[]);
    } catch {
      return new Set();
    }
  }

  saveRemoved(ids: ReadonlySet<string>): void {
    writeAtomic(path.join(this.dir, 'removed.json'), JSON.stringify([...ids].sort()));
  }
}

/**
 * A corpus loader that adds what was uploaded and leaves out what was removed: a full rebuild (npm run
 * ingest, npm start -- --rebuild, a changed corpus) includes the uploads, so they are no longer applied
 * on top of the index at start-up but are part of it, statistics and dense model included.
 */
export function withUploads<O>(load: (dir: string, opts: O) => Promise<Corpus>, store: UploadsStore): (dir: string, opts: O) => Promise<Corpus> {
  return async (dir, opts) => {
    const corpus = await load(dir, opts);
    const removed = store.removed();
    const known = new Set(corpus.documents.map((d) => d.id));
    const documents = [...corpus.documents];
    const chunks = [...corpus.chunks];
    for (const r of store.records()) {
      const fresh = new Set(r.documents.filter((d) => !known.has(d.id)).map((d) => d.id));
      documents.push(...r.documents.filter((d) => fresh.has(d.id)));
      chunks.push(...r.chunks.filter((c) => fresh.has(c.docId)));
      for (const id of fresh) known.add(id);
    }
    return { ...corpus, documents: documents.filter((d) => !removed.has(d.id)), chunks: chunks.filter((c) => !removed.has(c.docId)) };
  };
}
