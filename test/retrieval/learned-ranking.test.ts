/**
 * The learned ranking (server/retrieval/learned/, docs/learned-ranking.md) over a small corpus of
 * our own: the 25 STARD articles of test/fixtures/jsonl/stard-sample.jsonl (a judicial
 * interpretation, 民法典 第五十四条–第五十六条, 个体工商户条例 第一条–第十条), indexed once into a
 * temporary folder. Covered: reading and resolving a labels file (names, ids, bad lines), the
 * retriever before and after `prepare` (a lay question the hybrid ranks wrongly comes first once
 * paraphrases of it are labelled), the fit cached beside the index, the real server with
 * LABELS_FILE (/api/health's `ranking`, /api/search), and `npm run learn` as a command.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInProcessTarget } from '../../eval/real-parts.js';
import { loadConfig } from '../../server/config.js';
import { ArticleTable, readLabelsFile } from '../../server/retrieval/learned/labels.js';
import { LEARNED_WEIGHTS } from '../../server/retrieval/learned/learned-ranker.js';
import { LEARNED_FILE, MIN_LABELS_TO_FIT } from '../../server/retrieval/learned/learned-retriever.js';
import { openQueryParts, prepareLearnedRanking, assembleQueryParts, type OpenedIndex } from '../../server/runtime.js';
import type { SearchHit } from '../../server/types.js';
import { startRealServer, type RealServer } from '../support/real-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE = path.join(ROOT, 'test/fixtures/jsonl/stard-sample.jsonl');
const CIVIL_CODE = '中华人民共和国民法典';
const REGULATION = '个体工商户条例';

/**
 * Lay questions, three paraphrases for each of three articles: 民法典第五十六条 (who pays a
 * family business's debts), 个体工商户条例第二条 (who may register), 第八条 (where and with what).
 */
const LABELLED: [string, string][] = [
  ['老公开小店欠了钱，家里人要帮他还吗', '民法典第五十六条'],
  ['我爸做个体生意赔了，欠的债要全家一起还吗', '民法典第五十六条'],
  ['一家人一起开的小卖部欠了货款，用谁的钱还', '民法典第五十六条'],
  ['想摆摊做小生意，什么人可以办个体户', '个体工商户条例第二条'],
  ['我没有工作，能不能自己登记当个体户', '个体工商户条例第二条'],
  ['个体户可以一家人一起经营吗', '个体工商户条例第二条'],
  ['开小店去哪个部门办执照', '个体工商户条例第八条'],
  ['办个体户营业执照要带什么材料', '个体工商户条例第八条'],
  ['个体户登记要去哪里申请', '个体工商户条例第八条'],
];
/** A new lay question, in no labels file: answered by 民法典第五十六条, which the hybrid does not put first. */
const NEW_QUESTION = '老婆开网店欠了债，我要用自己的钱还吗';

function labelsText(rows: [string, string][]): string {
  return rows.map(([question, article]) => JSON.stringify({ question, articles: [article] })).join('\n') + '\n';
}

/** Scores never go up down the list. */
function expectNonIncreasing(hits: SearchHit[]): void {
  for (let i = 1; i < hits.length; i++) expect(hits[i].score, `score ${i} vs ${i - 1}`).toBeLessThanOrEqual(hits[i - 1].score);
}

/** The environment a child process gets: ours minus anything that would configure it behind the test's back. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|LLM|EMBEDDINGS|INDEX_DIR|CORPUS_DIR|LABELS_FILE)/.test(k)));
  return { ...env, ...extra };
}

function runLearn(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/learn.ts', ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function until<T>(what: string, server: RealServer, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s. Server output:\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Health {
  ranking: { state: string; labelled?: number; fitted?: string; message?: string };
}

async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
}

describe('learned ranking from a labels file', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let opened: OpenedIndex;
  let table: ArticleTable;
  /** Article ids by `title label`, from the index. */
  const idOf = (title: string, label: string): string => {
    const found = [...table.byId.values()].find((e) => e.title === title && e.label === label);
    if (!found) throw new Error(`no ${title}${label} in the test index`);
    return found.id;
  };
  let labelsFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cewen-learned-'));
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    mkdirSync(corpusDir);
    writeFileSync(path.join(corpusDir, 'articles.jsonl'), readFileSync(SAMPLE));
    opened = await openQueryParts({ corpusDir, indexDir, embeddings: { kind: 'local' } });
    table = new ArticleTable(opened.index);
    labelsFile = path.join(dir, 'labels.jsonl');
    writeFileSync(labelsFile, labelsText(LABELLED));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('labels file', () => {
    it('keeps the lines whose articles resolve (names, ids), by line number, and reports every other line by file:line', async () => {
      const art56 = idOf(CIVIL_CODE, '第五十六条');
      const art54 = idOf(CIVIL_CODE, '第五十四条');
      const reg8 = idOf(REGULATION, '第八条');
      // 第五条 of the interpretation is longer than a chunk: its second chunk's id names the article too.
      const longArticle = [...table.byId.values()].find((e) => e.chunks.length > 1);
      expect(longArticle, 'the sample has an article split into chunks').toBeDefined();
      const secondChunkId = opened.index.chunks[longArticle!.chunks[1]].id;
      expect(secondChunkId).not.toBe(longArticle!.id);

      const file = path.join(dir, 'parse.jsonl');
      const lines = [
        /* 1 */ JSON.stringify({ question: '个体工商户的债务怎么承担', articles: ['《中华人民共和国民法典》第56条'] }),
        /* 2 */ '{"question": "少了右括号", "articles": ["民法典第五十六条"]',
        /* 3 */ '',
        /* 4 */ JSON.stringify({ articles: ['民法典第五十四条'] }),
        /* 5 */ JSON.stringify({ question: '个体户能起字号吗', articles: '民法典第五十四条' }),
        /* 6 */ JSON.stringify({ question: '注册商标被别人用了怎么办', articles: ['商标法第五十九条'] }),
        /* 7 */ JSON.stringify({ question: '个体户可以起字号吗', articles: ['民法典第五十四条', '民法典第九百条'] }),
        /* 8 */ JSON.stringify({ question: '  家庭经营的个体户欠债用谁的财产还  ', articles: ['民法典第五十六条'] }),
        /* 9 */ JSON.stringify({ question: '去哪里登记个体户', articles: [reg8] }),
        /* 10 */ JSON.stringify({ question: '侵犯商业秘密的损失怎么算', articles: [secondChunkId] }),
      ];
      writeFileSync(file, lines.join('\n') + '\n');

      const labels = await readLabelsFile(file, table);
      expect(labels.items).toEqual([
        { key: 1, question: '个体工商户的债务怎么承担', answers: [art56] },
        { key: 7, question: '个体户可以起字号吗', answers: [art54] },
        { key: 8, question: '家庭经营的个体户欠债用谁的财产还', answers: [art56] },
        { key: 9, question: '去哪里登记个体户', answers: [reg8] },
        { key: 10, question: '侵犯商业秘密的损失怎么算', answers: [longArticle!.id] },
      ]);
      expect(labels.problems).toHaveLength(5);
      expect(labels.problems[0]).toMatch(new RegExp(`^${escapeRegExp(file)}:2: not valid JSON \\(.+\\)$`));
      expect(labels.problems.slice(1)).toEqual([
        `${file}:4: needs "question", a non-empty string`,
        `${file}:5: needs "articles", a non-empty array of article names or ids`,
        `${file}:6: no article "商标法第五十九条" in the index`,
        `${file}:7: no article "民法典第九百条" in the index`,
      ]);

      // The hash is of what was resolved: the same articles written another way give the same hash,
      // another question a different one.
      const renamed = path.join(dir, 'parse-renamed.jsonl');
      writeFileSync(renamed, [JSON.stringify({ question: '个体工商户的债务怎么承担', articles: [`${CIVIL_CODE} 第五十六条`] }), ...lines.slice(1)].join('\n') + '\n');
      expect((await readLabelsFile(renamed, table)).hash).toBe(labels.hash);
      const edited = path.join(dir, 'parse-edited.jsonl');
      writeFileSync(edited, [JSON.stringify({ question: '个体工商户的债务谁来还', articles: ['民法典第五十六条'] }), ...lines.slice(1)].join('\n') + '\n');
      expect((await readLabelsFile(edited, table)).hash).not.toBe(labels.hash);
    });

    it('resolves the ways an article is cited, and nothing else', () => {
      const art56 = idOf(CIVIL_CODE, '第五十六条');
      for (const name of ['《中华人民共和国民法典》第56条', '中华人民共和国民法典第五十六条', '民法典第五十六条', '民法典 第 五十六 条', '《民法典》第56条', art56, `${art56}:0`]) {
        expect(
          table.resolve(name).map((e) => e.id),
          name,
        ).toEqual([art56]);
      }
      expect(table.resolve('《个体工商户条例》第2条').map((e) => e.id)).toEqual([idOf(REGULATION, '第二条')]);
      for (const name of ['民法典第五十七条', '商标法第五十六条', '第五十六条', '民法典', `${art56.split(':')[0]}:99`]) {
        expect(table.resolve(name), name).toEqual([]);
      }
    });
  });

  describe('LearnedRetriever', () => {
    it('is the hybrid, unchanged, until prepared', async () => {
      const parts = assembleQueryParts(opened.index);
      expect(parts.retriever).toBe(parts.retrievers.learned);
      expect(parts.retrievers.learned.status).toEqual({ state: 'off' });
      for (const q of [NEW_QUESTION, '个体工商户可以起字号吗', '侵犯商业秘密']) {
        const hybrid = (await parts.retrievers.hybrid.search(q, 5)).hits;
        expect(hybrid.length, q).toBeGreaterThan(0);
        expect((await parts.retrievers.learned.search(q, 5)).hits, q).toEqual(hybrid);
      }
    });

    it('puts first the article the labelled paraphrases cite, for a new question the hybrid ranks wrongly; the fit is cached and redone when the labels change', async () => {
      const art56 = idOf(CIVIL_CODE, '第五十六条');
      const cacheFile = path.join(indexDir, LEARNED_FILE);
      rmSync(cacheFile, { force: true });
      const parts = assembleQueryParts(opened.index);
      const { hybrid, learned } = parts.retrievers;

      // The precondition that makes this test mean something: the hybrid alone gets it wrong.
      const before = (await hybrid.search(NEW_QUESTION, 5)).hits;
      expect(before.length).toBeGreaterThan(0);
      expect(before[0].chunk.articleId, `hybrid's first for ${NEW_QUESTION}: ${before[0].doc.title}${before[0].chunk.label}`).not.toBe(art56);

      const logs: string[] = [];
      // Nine labelled questions are fewer than a server fits on by itself; asked to, it fits (as npm run learn does).
      const state = await learned.prepare({ labelsFile, minToFit: 2, onLog: (l) => logs.push(l) });
      expect(state).toMatchObject({ state: 'ready', labelled: LABELLED.length, fitted: 'now' });
      expect(learned.status).toEqual(state);
      expect(logs.join('\n')).toMatch(/fitted now/);

      const after = (await learned.search(NEW_QUESTION, 5)).hits;
      expect(`${after[0].doc.title}${after[0].chunk.label}`).toBe(`${CIVIL_CODE}第五十六条`);
      expect(after).toHaveLength(5);
      expect(new Set(after.map((h) => h.chunk.articleId)).size, 'one hit per article').toBe(5);
      expectNonIncreasing(after);
      // Scores stay on the hybrid's scale: the promoted article takes the hybrid's best score, not its own weak one.
      expect(after[0].score).toBe(before[0].score);
      expect(after[0].score).toBeGreaterThan(before.find((h) => h.chunk.articleId === art56)?.score ?? 0);
      for (const q of ['家里开饭馆欠债了，怎么还', '下岗了想自己干点小买卖，能办个体户吗', '侵犯商业秘密的损失怎么算']) expectNonIncreasing((await learned.search(q, 10)).hits);

      // With a filter, only the filter's documents come back.
      const regulationDoc = after.find((h) => h.doc.title === REGULATION)?.doc.id ?? before.find((h) => h.doc.title === REGULATION)!.doc.id;
      const filtered = (await learned.search(NEW_QUESTION, 5, { docId: regulationDoc })).hits;
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((h) => h.doc.id === regulationDoc)).toBe(true);

      // Cached beside the index, keyed by the labels and the index build.
      expect(existsSync(cacheFile)).toBe(true);
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { labelled: number; indexBuiltAt: string; weights: unknown };
      expect(cached.labelled).toBe(LABELLED.length);
      expect(cached.indexBuiltAt).toBe(opened.index.manifest.builtAt);
      if (state.state !== 'ready') throw new Error('unreachable');
      expect(cached.weights).toEqual(state.weights);

      // Another server process over the same index and labels loads the fit rather than fitting again.
      const second = assembleQueryParts(opened.index).retrievers.learned;
      const again = await second.prepare({ labelsFile, minToFit: 2 });
      expect(again).toEqual({ ...state, fitted: 'cached' });
      expect((await second.search(NEW_QUESTION, 5)).hits.map((h) => h.chunk.articleId)).toEqual(after.map((h) => h.chunk.articleId));

      // One more labelled line: fitted again, over ten questions.
      appendFileSync(labelsFile, labelsText([['个体户欠债了，是不是只用他自己的钱还', '民法典第五十六条']]));
      try {
        const third = assembleQueryParts(opened.index).retrievers.learned;
        expect(await third.prepare({ labelsFile, minToFit: 2 })).toMatchObject({ state: 'ready', labelled: LABELLED.length + 1, fitted: 'now' });
        expect((JSON.parse(readFileSync(cacheFile, 'utf8')) as { labelled: number }).labelled).toBe(LABELLED.length + 1);
        // …and `refit` fits even when the cache matches.
        expect(await assembleQueryParts(opened.index).retrievers.learned.prepare({ labelsFile, refit: true, minToFit: 2 })).toMatchObject({ state: 'ready', fitted: 'now' });
      } finally {
        writeFileSync(labelsFile, labelsText(LABELLED));
      }
    });

    it('serves from a read-only index folder: the fit is used though it cannot be cached, and says so', async () => {
      // An index whose folder cannot take the cache file (a path below a regular file fails for root too).
      const readOnly = { ...opened.index, dir: path.join(labelsFile, 'not-a-folder') };
      const { hybrid, learned } = assembleQueryParts(readOnly).retrievers;
      const logs: string[] = [];
      const state = await learned.prepare({ labelsFile, minToFit: 2, onLog: (l) => logs.push(l) });
      expect(state).toMatchObject({ state: 'ready', fitted: 'now' });
      expect(logs.join('\n')).toMatch(/not cached/);
      const hits = (await learned.search(NEW_QUESTION, 5)).hits;
      expect(`${hits[0].doc.title}${hits[0].chunk.label}`).toBe(`${CIVIL_CODE}第五十六条`);
      expect((await hybrid.search(NEW_QUESTION, 5)).hits[0].chunk.articleId).not.toBe(hits[0].chunk.articleId);
    });

    it('below MIN_LABELS_TO_FIT uses the STARD weights, so a confirmed question asked again gets its article first', async () => {
      expect(LABELLED.length).toBeLessThan(MIN_LABELS_TO_FIT);
      const { hybrid, learned } = assembleQueryParts(opened.index).retrievers;
      const state = await learned.prepare({ labelsFile });
      expect(state).toEqual({ state: 'ready', labelled: LABELLED.length, weights: LEARNED_WEIGHTS, fitted: 'default' });
      expect((await learned.search(NEW_QUESTION, 5)).hits[0].chunk.articleId).toBe(idOf(CIVIL_CODE, '第五十六条'));
      // Every labelled question whose article the hybrid does not put first gets it first now.
      let changed = 0;
      for (const [question, article] of LABELLED) {
        const want = table.resolve(article)[0].id;
        if ((await hybrid.search(question, 5)).hits[0]?.chunk.articleId !== want) changed++;
        expect((await learned.search(question, 5)).hits[0].chunk.articleId, question).toBe(want);
      }
      expect(changed, 'labelled questions the hybrid ranked wrongly').toBeGreaterThan(0);
    });

    it('with no usable labelled question reports failed, and searches stay on the hybrid', async () => {
      const bad = path.join(dir, 'bad.jsonl');
      writeFileSync(bad, ['not json', JSON.stringify({ question: '个体户', articles: ['民法典第一千条'] }), JSON.stringify({ articles: [] })].join('\n') + '\n');
      const parts = assembleQueryParts(opened.index);
      const logs: string[] = [];
      const state = await parts.retrievers.learned.prepare({ labelsFile: bad, onLog: (l) => logs.push(l) });
      expect(state.state).toBe('failed');
      expect(state.state === 'failed' && state.message).toContain(bad);
      expect(logs.filter((l) => l.startsWith(`Labels: ${bad}:`))).toHaveLength(3);
      expect((await parts.retrievers.learned.search(NEW_QUESTION, 5)).hits).toEqual((await parts.retrievers.hybrid.search(NEW_QUESTION, 5)).hits);

      // A missing file fails the same way, without throwing.
      const missing = await parts.retrievers.learned.prepare({ labelsFile: path.join(dir, 'nope.jsonl') });
      expect(missing.state).toBe('failed');

      // prepareLearnedRanking leaves the ranking off when the file is missing, saying so only when LABELS_FILE was set.
      const said: string[] = [];
      const nope = path.join(dir, 'nope.jsonl');
      expect(await prepareLearnedRanking({ labelsFile: nope, labelsFileSet: true }, parts, { onLog: (l) => said.push(l) })).toEqual({ state: 'off' });
      expect(said.join('\n')).toContain(nope);
      const quiet: string[] = [];
      expect(await prepareLearnedRanking({ labelsFile: nope, labelsFileSet: false }, parts, { onLog: (l) => quiet.push(l) })).toEqual({ state: 'off' });
      expect(quiet).toEqual([]);
    });

    it('a ready ranking prepared again from a file with no usable line goes back to the hybrid', async () => {
      const parts = assembleQueryParts(opened.index);
      const { hybrid, learned } = parts.retrievers;
      expect((await learned.prepare({ labelsFile })).state).toBe('ready');
      const hybridHits = (await hybrid.search(NEW_QUESTION, 5)).hits;
      expect((await learned.search(NEW_QUESTION, 5)).hits).not.toEqual(hybridHits);

      const bad = path.join(dir, 'bad-again.jsonl');
      writeFileSync(bad, 'not json\n');
      expect((await learned.prepare({ labelsFile: bad })).state).toBe('failed');
      expect((await learned.search(NEW_QUESTION, 5)).hits).toEqual(hybridHits);
    });
  });

  describe('served by npm start with LABELS_FILE', () => {
    it('/api/health reports the ranking ready, then /api/search puts the labelled article first', async () => {
      const serverLabels = path.join(dir, 'server-labels.jsonl');
      writeFileSync(serverLabels, labelsText(LABELLED));
      const server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: serverLabels } });
      try {
        const ranking = await until('ranking ready', server, async () => {
          const { ranking } = await health(server.url);
          if (ranking.state === 'failed') throw new Error(`ranking failed: ${ranking.message}\n${server.output().slice(-3000)}`);
          return ranking.state === 'ready' ? ranking : undefined;
        });
        expect(ranking).toMatchObject({ state: 'ready', labelled: LABELLED.length });
        // Nine labelled questions: too few for the server to fit on, so it ranks with the STARD weights.
        expect(ranking.fitted).toBe('default');

        const res = await fetch(`${server.url}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: NEW_QUESTION, k: 3 }) });
        expect(res.status).toBe(200);
        const { results } = (await res.json()) as { results: { article: string; score: number; doc: { title: string } }[] };
        expect(results).toHaveLength(3);
        expect(`${results[0].doc.title}${results[0].article}`, server.output().slice(-2000)).toBe(`${CIVIL_CODE}第五十六条`);
        expect(results[1].score).toBeLessThanOrEqual(results[0].score);
        expect(server.output()).not.toMatch(/Building the index/);
      } finally {
        await server.close();
      }
    }, 180_000);

    it('with LABELS_FILE naming a missing file starts, ranking off, and says which file is missing', async () => {
      const missing = path.join(dir, 'no-such-labels.jsonl');
      const server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: missing } });
      try {
        expect((await health(server.url)).ranking).toEqual({ state: 'off' });
        await until('the missing labels file reported', server, async () => (server.output().includes(missing) ? true : undefined));
        expect(server.output()).toMatch(/LABELS_FILE .* does not exist/);
        expect((await health(server.url)).ranking).toEqual({ state: 'off' });
        const res = await fetch(`${server.url}/api/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '个体工商户可以起字号吗', k: 3 }),
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    }, 180_000);
  });

  describe('the evaluation runner measures what is served', () => {
    it('with labels its primary retriever is the learned ranking (the hybrid a comparison row); without, the hybrid', async () => {
      // No question memory: its law questions find the article without any label.
      const base = loadConfig({
        INDEX_DIR: indexDir,
        CORPUS_DIR: corpusDir,
        LABELS_FILE: path.join(dir, 'none.jsonl'),
        SYNTHETIC_QUESTIONS: path.join(dir, 'none.jsonl'),
        LAW_QUESTIONS: path.join(dir, 'none.jsonl'),
      });
      const plain = await loadInProcessTarget(base);
      expect(plain.primary).toBe('hybrid');
      expect(Object.keys(plain.retrievers).sort()).toEqual(['dense', 'hybrid', 'lexical']);

      const labelled = await loadInProcessTarget({ ...base, labelsFile: labelsFile });
      expect(labelled.primary).toBe('learned');
      expect(Object.keys(labelled.retrievers).sort()).toEqual(['dense', 'hybrid', 'learned', 'lexical']);
      const art56 = idOf(CIVIL_CODE, '第五十六条');
      const first = async (name: string) => (await labelled.retrievers[name](NEW_QUESTION, 5))[0];
      expect((await first('learned')).id.startsWith(`${art56}:`)).toBe(true);
      expect((await first('hybrid')).id.startsWith(`${art56}:`)).toBe(false);
    }, 120_000);
  });

  describe('npm run learn', () => {
    it('fits, saves beside the index and prints hybrid against learned, cross-validated', async () => {
      const cacheFile = path.join(indexDir, LEARNED_FILE);
      rmSync(cacheFile, { force: true });
      const { code, out } = await runLearn(['--labels', labelsFile, '--folds', '2'], { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir });
      expect(code, out).toBe(0);
      expect(out).toMatch(/2-fold cross-validated/);
      expect(out).toMatch(/^\s+method\s+R@/m);
      expect(out).toMatch(/^\s+hybrid\s+\d\.\d{3}/m);
      expect(out).toMatch(/^\s+learned\s+\d\.\d{3}/m);
      expect(out).toContain(labelsFile);
      expect(existsSync(cacheFile), out).toBe(true);
      expect((JSON.parse(readFileSync(cacheFile, 'utf8')) as { labelled: number }).labelled).toBe(LABELLED.length);
      // What it saved is what a server over the same index and labels loads.
      expect(await assembleQueryParts(opened.index).retrievers.learned.prepare({ labelsFile })).toMatchObject({ state: 'ready', fitted: 'cached' });
    }, 120_000);

    it('with one labelled question fits nothing, saves nothing, and says the default weights serve', async () => {
      const one = path.join(dir, 'learn-one.jsonl');
      writeFileSync(one, `${labelsText(LABELLED.slice(0, 1))}`);
      const cacheFile = path.join(indexDir, LEARNED_FILE);
      rmSync(cacheFile, { force: true });
      const { code, out } = await runLearn(['--labels', one], { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir });
      expect(code, out).toBe(0);
      expect(out).toContain('5-fold cross-validation needs at least 5 labelled questions');
      expect(out).toContain('Nothing to fit on 1 labelled question(s)');
      expect(out).not.toContain('Saved beside the index');
      expect(existsSync(cacheFile)).toBe(false);
    }, 120_000);

    it('fails naming the file when no labelled question is usable, and rejects --folds 1 with its usage', async () => {
      const bad = path.join(dir, 'learn-bad.jsonl');
      writeFileSync(bad, ['{"question": ', JSON.stringify({ question: '个体户', articles: ['民法典第一千条'] })].join('\n') + '\n');
      const failed = await runLearn(['--labels', bad], { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir });
      expect(failed.code, failed.out).not.toBe(0);
      expect(failed.out).toContain(`${bad} has no usable labelled question`);
      expect(failed.out).toContain(`${bad}:2: no article "民法典第一千条" in the index`);

      const usage = await runLearn(['--labels', labelsFile, '--folds', '1'], { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir });
      expect(usage.code, usage.out).toBe(2);
      expect(usage.out).toMatch(/--folds needs 0 or a whole number ≥ 2, got "1"/);
      expect(usage.out).toMatch(/Usage: npm run learn/);
    }, 120_000);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
