/**
 * POST /api/labels on the real server (cli/serve.ts over the 25 STARD articles of
 * test/fixtures/jsonl/stard-sample.jsonl, indexed once into a temporary folder), with LABELS_FILE
 * naming a file that does not exist yet: a confirmation is written to the file by article name,
 * the learned ranking is prepared again from it, and the confirmed article then comes first for the
 * question. Bad bodies are refused and leave the file alone; LABELS_FROM_UI=off refuses all.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryParts } from '../../server/runtime.js';
import { startRealServer, type RealServer } from '../support/real-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE = path.join(ROOT, 'test/fixtures/jsonl/stard-sample.jsonl');
const CIVIL_CODE = '中华人民共和国民法典';
const ARTICLE = '第五十六条';
/** A lay question answered by 民法典第五十六条 (a family business's debts), which the hybrid does not put first. */
const QUESTION = '老婆开网店欠了债，我要用自己的钱还吗';
/** No question memory: its law questions find the article without any label, and the labels are what is tested here. */
const NO_MEMORY = 'none.jsonl';

interface Result {
  id: string;
  article: string;
  doc: { title: string };
}

interface Health {
  ranking: { state: string; labelled?: number; fitted?: string; message?: string };
  labels: { writable: boolean };
}

async function search(url: string, query: string, k = 5): Promise<Result[]> {
  const res = await fetch(`${url}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, k }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}

async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
}

function postLabel(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/labels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const nameOf = (r: Result) => `${r.doc.title}${r.article}`;

const ADMIN = 'admin-token-for-the-test-0123';
/** Requests the administrator sends: trusted, no token needed (as a reviewer's script would). */
const AS_ADMIN = { authorization: `Bearer ${ADMIN}` };

/** Polls /api/health until the ranking is ready with `labelled` questions; fails at once if it failed. */
async function rankingReady(server: RealServer, labelled: number, timeoutMs = 90_000): Promise<Health['ranking']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { ranking } = await health(server.url);
    if (ranking.state === 'failed') throw new Error(`ranking failed: ${ranking.message}\n${server.output().slice(-3000)}`);
    if (ranking.state === 'ready' && ranking.labelled === labelled) return ranking;
    if (Date.now() > deadline) {
      throw new Error(`ranking not ready with ${labelled} labelled within ${timeoutMs / 1000} s (last: ${JSON.stringify(ranking)}):\n${server.output().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('POST /api/labels on the real server', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cewen-labels-route-'));
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    mkdirSync(corpusDir);
    writeFileSync(path.join(corpusDir, 'articles.jsonl'), readFileSync(SAMPLE));
    // Built once here, so both servers below only load it.
    await openQueryParts({ corpusDir, indexDir, embeddings: { kind: 'local' } });
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('LABELS_FROM_UI=on, LABELS_FILE not yet written', () => {
    let server: RealServer;
    let labelsFile: string;
    let chunkId: string;
    /** The line the first confirmation wrote. */
    let firstLine: string;

    beforeAll(async () => {
      labelsFile = path.join(dir, 'confirmed', 'labels.jsonl');
      server = await startRealServer({
        env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: labelsFile, LABELS_FROM_UI: 'on', ADMIN_TOKEN: ADMIN, SYNTHETIC_QUESTIONS: NO_MEMORY, LAW_QUESTIONS: NO_MEMORY },
      });
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    it('health: confirmations are writable, the ranking is off while the file does not exist', async () => {
      const h = await health(server.url);
      expect(h.labels).toEqual({ writable: true });
      expect(h.ranking.state).toBe('off');
      expect(existsSync(labelsFile)).toBe(false);
    });

    it('refuses a cross-site post: text/plain with a foreign Origin is 415 and writes nothing', async () => {
      const res = await fetch(`${server.url}/api/labels`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
        body: JSON.stringify({ question: QUESTION, articles: [`${CIVIL_CODE}${ARTICLE}`] }),
      });
      expect(res.status).toBe(415);
      expect(existsSync(labelsFile)).toBe(false);
    });

    it('records a confirmed chunk by its article name, prepares the ranking from it, and the article then comes first for the question', async () => {
      // Precondition: the hybrid does not rank the article first for this lay question.
      const before = await search(server.url, QUESTION);
      expect(before.length).toBeGreaterThan(0);
      expect(nameOf(before[0])).not.toBe(`${CIVIL_CODE}${ARTICLE}`);

      // The chunk id, as the chat window has it from a citation.
      const hit = (await search(server.url, '个体工商户的债务 家庭经营的 以家庭财产承担', 10)).find((r) => nameOf(r) === `${CIVIL_CODE}${ARTICLE}`);
      expect(hit, 'a chunk of 民法典第五十六条 among the results').toBeDefined();
      chunkId = hit!.id;

      const res = await postLabel(server.url, { question: QUESTION, articles: [chunkId] }, AS_ADMIN);
      expect(res.status).toBe(201);
      const body = (await res.json()) as { question: string; articles: { id: string; title: string; label: string }[]; already: boolean };
      expect(body.already).toBe(false);
      expect(body.question).toBe(QUESTION);
      expect(body.articles).toHaveLength(1);
      expect(body.articles[0]).toMatchObject({ title: CIVIL_CODE, label: ARTICLE });
      expect(chunkId.startsWith(`${body.articles[0].id}:`), `chunk ${chunkId} of article ${body.articles[0].id}`).toBe(true);

      // The file was created with exactly that line, the article written by name.
      firstLine = JSON.stringify({ question: QUESTION, articles: [`${CIVIL_CODE}${ARTICLE}`] });
      expect(readFileSync(labelsFile, 'utf8')).toBe(`${firstLine}\n`);

      const ranking = await rankingReady(server, 1);
      expect(ranking).toMatchObject({ state: 'ready', labelled: 1 });

      const after = await search(server.url, QUESTION);
      expect(nameOf(after[0]), server.output().slice(-2000)).toBe(`${CIVIL_CODE}${ARTICLE}`);

      // The same confirmation again (another reader, another session): 200, already recorded, nothing appended.
      const again = await postLabel(server.url, { question: QUESTION, articles: [chunkId] }, AS_ADMIN);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { already: boolean }).already).toBe(true);
      expect(readFileSync(labelsFile, 'utf8')).toBe(`${firstLine}\n`);
    }, 120_000);

    it('refuses bad bodies with 400 and a message, leaving the file unchanged', async () => {
      const before = readFileSync(labelsFile, 'utf8');
      const cases: [string, unknown, RegExp][] = [
        ['empty question', { question: '   ', articles: [chunkId] }, /question/i],
        ['articles not an array', { question: QUESTION, articles: chunkId }, /articles must be an array/],
        ['unknown article', { question: QUESTION, articles: ['民法典第九百条'] }, /民法典第九百条/],
        ['no articles', { question: QUESTION, articles: [] }, /at least one article/i],
        ['not JSON', '{question:', /./],
      ];
      for (const [what, body, message] of cases) {
        const res = await postLabel(server.url, body, AS_ADMIN);
        expect(res.status, what).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        expect(error.code, what).toBe('bad_request');
        expect(error.message, what).toMatch(message);
      }
      expect(readFileSync(labelsFile, 'utf8')).toBe(before);
    });

    it('puts the new line on a line of its own when the file does not end with a newline', async () => {
      // As a reviewer's editor may leave it.
      writeFileSync(labelsFile, firstLine);
      const question = '个体户登记要去哪里申请';
      const res = await postLabel(server.url, { question, articles: ['个体工商户条例第8条'] }, AS_ADMIN);
      expect(res.status).toBe(201);
      const second = JSON.stringify({ question, articles: ['个体工商户条例第八条'] });
      expect(readFileSync(labelsFile, 'utf8')).toBe(`${firstLine}\n${second}\n`);
      expect(await rankingReady(server, 2)).toMatchObject({ state: 'ready', labelled: 2 });
    }, 120_000);

    it('without the administrator, only an article the server showed for the question: the answer’s labelToken', async () => {
      const question = '个体工商户的债务怎么承担？';
      const answer = (await (
        await fetch(`${server.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) })
      ).json()) as { labelToken?: string; citations: { chunkId: string }[]; question: string };
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(typeof answer.labelToken).toBe('string');
      const cited = answer.citations[0].chunkId;
      const notShown = (await search(server.url, '商标 注册 申请', 10)).find(
        (r) => !answer.citations.some((c) => c.chunkId.split(':').slice(0, 2).join(':') === r.id.split(':').slice(0, 2).join(':')),
      )!;
      const before = readFileSync(labelsFile, 'utf8');
      const refused = async (body: unknown, why: RegExp) => {
        const res = await postLabel(server.url, body);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(why);
      };
      await refused({ question, articles: [cited] }, /token/);
      await refused({ question, articles: [notShown.id], token: answer.labelToken }, /not among the articles shown/);
      await refused({ question: '另一个问题', articles: [cited], token: answer.labelToken }, /another question/);
      await refused({ question, articles: [cited], token: `${answer.labelToken}x` }, /not one this server issued/);
      expect(readFileSync(labelsFile, 'utf8')).toBe(before);
      const ok = await postLabel(server.url, { question, articles: [cited], token: answer.labelToken });
      expect(ok.status).toBe(201);
      expect(readFileSync(labelsFile, 'utf8').length).toBeGreaterThan(before.length);
    });
  });

  describe('LABELS_FROM_UI=on: only this server’s page, a few a minute, unless the administrator', () => {
    let server: RealServer;
    let labelsFile: string;

    beforeAll(async () => {
      labelsFile = path.join(dir, 'guarded', 'labels.jsonl');
      server = await startRealServer({
        env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: labelsFile, LABELS_FROM_UI: 'on', ADMIN_TOKEN: ADMIN, SYNTHETIC_QUESTIONS: NO_MEMORY, LAW_QUESTIONS: NO_MEMORY },
      });
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/labels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ question: QUESTION, articles: [`${CIVIL_CODE}${ARTICLE}`] }),
      });

    it('refuses JSON from another site’s page (403) and writes nothing; the administrator’s token is trusted', async () => {
      const foreign = await post({ origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(/own page/);
      expect(existsSync(labelsFile)).toBe(false);
      const admin = await post({ origin: 'https://evil.example', authorization: `Bearer ${ADMIN}` });
      expect(admin.status).toBe(201);
      expect(existsSync(labelsFile)).toBe(true);
    });

    it('limits one address to LABELS_PER_MINUTE confirmations a minute (429 with Retry-After); the administrator is not limited', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 25; i++) {
        const res = await post({ origin: server.url });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      // The first 20 are let through to the token check (they carry none: 403), the rest stop at the limit.
      expect(statuses.slice(0, 20).every((s) => s === 403)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await post({ authorization: `Bearer ${ADMIN}` })).status).toBe(200);
    });
  });

  describe('LABELS_FROM_UI=on with a labels file that cannot be written', () => {
    let server: RealServer;
    // Below a regular file: no folder can be made there, root or not.
    const unwritable = path.join(SAMPLE, 'labels.jsonl');

    beforeAll(async () => {
      server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: unwritable, LABELS_FROM_UI: 'on' } });
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    it('health says not writable, and a confirmation is a 403 that says why — never a 500', async () => {
      expect((await health(server.url)).labels).toEqual({ writable: false });
      const res = await postLabel(server.url, { question: QUESTION, articles: [`${CIVIL_CODE}${ARTICLE}`] });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('cannot be written');
    });
  });

  describe('LABELS_FROM_UI=off', () => {
    let server: RealServer;
    let labelsFile: string;

    beforeAll(async () => {
      labelsFile = path.join(dir, 'off', 'labels.jsonl');
      server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: labelsFile, LABELS_FROM_UI: 'off' } });
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    it('refuses confirmations with 403 forbidden, writes nothing, and health says labels are not writable', async () => {
      const [hit] = await search(server.url, '个体工商户的债务', 1);
      const res = await postLabel(server.url, { question: QUESTION, articles: [hit.id] });
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain('LABELS_FROM_UI');
      expect(existsSync(labelsFile)).toBe(false);
      expect((await health(server.url)).labels).toEqual({ writable: false });
    });
  });
});
