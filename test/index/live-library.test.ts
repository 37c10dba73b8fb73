/**
 * The live library (server/library/live-library.ts) over a private copy of the fixture index: every
 * change is published as a new generation; the same file removed and uploaded again, twice, is found
 * each time; a file that cannot be read changes nothing; the store replays it all into a new library.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIndex, type LoadedIndex } from '../../embeddings/index-store.js';
import { LiveLibrary } from '../../server/library/live-library.js';
import { UploadsStore } from '../../server/library/uploads-store.js';
import { assembleQueryParts } from '../../server/runtime.js';
import { FIXTURE_INDEX_DIR, fixtureIndex } from '../support/test-index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-live-library-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FILE = {
  name: '驿站.txt',
  bytes: new TextEncoder().encode('关于支持社区养老驿站建设的若干措施\n一、对新建社区养老驿站，按每张护理床位一次性给予3000元建设补贴。\n二、本措施自印发之日起施行。'),
};
const Q = '社区养老驿站护理床位建设补贴';

async function top(index: LoadedIndex): Promise<string | undefined> {
  return (await assembleQueryParts(index).retrievers.lexical.search(Q, 1)).hits[0]?.doc.title;
}

describe('LiveLibrary', () => {
  it('publishes each change; a file removed and uploaded again is found each time', async () => {
    await fixtureIndex();
    const published: LoadedIndex[] = [];
    const lib = await LiveLibrary.open(await loadIndex(FIXTURE_INDEX_DIR), new UploadsStore(dir), async (i) => {
      published.push(i);
    });
    const base = lib.current.documents.length;
    for (let round = 0; round < 3; round++) {
      const added = await lib.add([FILE]);
      expect(added.skipped).toEqual([]);
      expect(await top(lib.current)).toBe('关于支持社区养老驿站建设的若干措施');
      expect(await lib.remove(added.documents[0].id)).toBe(true);
      expect(await top(lib.current)).not.toBe('关于支持社区养老驿站建设的若干措施');
    }
    expect(published).toHaveLength(6);
    expect(lib.current.manifest.counts.documents).toBe(base);
    const bad = await lib.add([{ name: 'x.pdf', bytes: new TextEncoder().encode('not a pdf') }]);
    expect(bad.documents).toEqual([]);
    expect(bad.skipped[0].error).toContain('x.pdf');
    expect(published).toHaveLength(6);
  });

  it('replays the kept uploads into a new library', async () => {
    const first = await LiveLibrary.open(await loadIndex(FIXTURE_INDEX_DIR), new UploadsStore(dir), async () => {});
    const added = await first.add([FILE]);
    const again = await LiveLibrary.open(await loadIndex(FIXTURE_INDEX_DIR), new UploadsStore(dir), async () => {});
    expect(await top(again.current)).toBe('关于支持社区养老驿站建设的若干措施');
    expect(again.status()).toMatchObject({ uploads: 1, uploadedDocuments: 1 });
    expect(again.uploaded(added.documents[0].id)?.file).toBe('驿站.txt');
  });
});
