/**
 * The uploads folder (server/library/uploads-store.ts): records and originals written atomically and read
 * back; removals kept; a full rebuild's corpus includes the uploads and leaves out the removed documents.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUpload } from '../../embeddings/corpus/upload.js';
import type { Corpus } from '../../embeddings/types.js';
import { safeFileName, UploadsStore, uploadId, withUploads } from '../../server/library/uploads-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-uploads-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = new TextEncoder().encode('关于测试上传的通知\n一、上传的文件保存在索引旁边。\n二、本通知自印发之日起施行。');

describe('UploadsStore', () => {
  it('keeps the original and what was read, and reads them back; leaves no temporary files', async () => {
    const store = new UploadsStore(dir);
    const corpus = await readUpload('../../etc/上传 测试?.txt', bytes);
    const rec = store.save({ id: uploadId(bytes), file: '../../etc/上传 测试?.txt', bytes: bytes.length, uploadedAt: '2026-12-07T00:00:00Z', ...corpus }, bytes);
    expect(rec.original).toBe(path.join('originals', `${uploadId(bytes)}-上传 测试_.txt`));
    expect(store.records().map((r) => r.documents[0].title)).toEqual(['关于测试上传的通知']);
    expect(readdirSync(path.join(dir, 'uploads')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    store.saveRemoved(new Set(['b', 'a']));
    expect([...store.removed()]).toEqual(['a', 'b']);
    expect(safeFileName('a\u0000b/../c.pdf')).toBe('c.pdf');
  });

  it('gives a full rebuild the uploads, without the removed documents', async () => {
    const store = new UploadsStore(dir);
    const uploaded = store.records()[0].documents[0].id;
    const bundled: Corpus = {
      documents: [
        { id: 'keep', title: '保留', sources: [], text: 't', articles: [] },
        { id: 'gone', title: '删除', sources: [], text: 't', articles: [] },
      ],
      chunks: [],
      problems: [],
    };
    store.saveRemoved(new Set(['gone']));
    const corpus = await withUploads(async () => bundled, store)('corpus', {});
    expect(corpus.documents.map((d) => d.id)).toEqual(['keep', uploaded]);
    expect(corpus.chunks.length).toBeGreaterThan(0);
    expect(corpus.chunks.every((c) => c.docId === uploaded)).toBe(true);
  });
});
