/**
 * `npm start` runs the precompiled server (dist/server.mjs) with plain Node. The bundle must behave as
 * the sources do: find prompts/ and web/dist from its own folder, and fingerprint the indexing code
 * the same way, so an index built by `npm run ingest` (under tsx) is loaded, not rebuilt.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBundle, serverBundleIsStale } from '../../server/build-if-stale.js';
import type { AnswerResult } from '../../server/wire.js';
import { startRealServer, type RealServer } from '../support/real-server.js';
import { FIXTURE_CORPUS, FIXTURE_INDEX_DIR, fixtureIndex, ROOT } from '../support/test-index.js';

const BUNDLE_DIR = path.join(ROOT, 'dist', `test-${process.pid}`);
const BUNDLE = path.join(BUNDLE_DIR, 'server.mjs');

describe('the compiled server bundle', () => {
  let server: RealServer;

  beforeAll(async () => {
    await fixtureIndex(); // built from the TypeScript sources
    expect(serverBundleIsStale(BUNDLE)).toBe(true);
    expect(await ensureServerBundle(BUNDLE, () => {})).toBe(true);
    expect(serverBundleIsStale(BUNDLE)).toBe(false);
    server = await startRealServer({
      nodeArgs: [BUNDLE],
      env: { CORPUS_DIR: FIXTURE_CORPUS, INDEX_DIR: FIXTURE_INDEX_DIR },
      timeoutMs: 120_000,
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
  });

  it('is not rebuilt when it is newer than its sources', async () => {
    expect(await ensureServerBundle(BUNDLE, () => {})).toBe(false);
  });

  it('loads the index the sources built instead of rebuilding it', async () => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; index: { chunks: number } };
    expect(health.status).toBe('ok');
    expect(health.index.chunks).toBeGreaterThan(0);
    expect(server.output()).toMatch(/loaded in/);
    expect(server.output()).not.toMatch(/Building the index/);
  });

  it('answers with citations to the cited article', async () => {
    const res = await fetch(`${server.url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '企业名称里能不能用“中国”“中华”这样的字样？' }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as AnswerResult;
    expect(answer.refused).toBe(false);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.some((c) => c.doc.title.includes('企业名称登记管理规定') && c.article === '第十二条')).toBe(true);
  });
});
