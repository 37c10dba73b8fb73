/**
 * Answers on STARD questions (eval/benchmarks/stard-answers.ts) over a small index of JSONL articles
 * cut from the STARD corpus: the extractive model alone (the judged comparison is skipped, with a
 * note), and with an LLM configured — a loopback OpenAI-compatible server that answers from the
 * first source it is given and, as the judge, grades every answer 0.8.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citesGold, runStardAnswers } from '../../eval/benchmarks/stard-answers.js';
import type { StardQuery } from '../../eval/benchmarks/stard-data.js';
import { loadConfig } from '../../server/config.js';
import { openQueryParts, type OpenedIndex } from '../../server/runtime.js';
import { isAnswerRequest, isQueryRewriteRequest, sourcesInPrompt, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';

/** Two STARD questions (query_id 0 and 1, derived/queries.jsonl) whose gold articles are in the sample. */
const QUERIES: StardQuery[] = [
  {
    queryId: 0,
    split: 'train',
    question: '谁可以成为个体工商户？',
    answer: '有经营能力的公民经过登记可以成为个体工商户。',
    goldNames: ['中华人民共和国民法典第五十四条', '个体工商户条例第二条'],
    goldIds: [13922, 31243],
  },
  {
    queryId: 1,
    split: 'test',
    question: '夫妻一方经营个体工商户所欠债务，谁偿还？',
    answer: '个体工商户为个人经营的，以个人财产承担；家庭经营的，以家庭财产承担。',
    goldNames: ['中华人民共和国民法典第五十六条'],
    goldIds: [13924],
  },
];

let dir: string;
let opened: OpenedIndex;
let llm: FakeOpenAI;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cewen-stard-answers-'));
  mkdirSync(path.join(dir, 'corpus'));
  copyFileSync(path.resolve('test/fixtures/jsonl/stard-sample.jsonl'), path.join(dir, 'corpus', 'sample.jsonl'));
  opened = await openQueryParts({ corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embeddings: { kind: 'local' } });
  llm = await startFakeOpenAI((body) => {
    if (!isAnswerRequest(body)) return { kind: 'text', text: '0.8' };
    const [first] = sourcesInPrompt(body);
    const sentence = first.text.replace(/^第\S+?条\s*/, '').split('。')[0];
    return { kind: 'text', text: `${sentence}。[1]` };
  });
}, 300_000);

afterAll(async () => {
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('STARD answers', () => {
  it('extractive only: answers cite gold articles by law + 第X条, and the judged comparison is skipped', async () => {
    const f = await runStardAnswers(loadConfig({}), { store: opened.store, retriever: opened.retriever }, QUERIES, () => {});
    expect(f.judge).toBe('none');
    expect(f.note).toMatch(/skipped/);
    expect(f.models).toHaveLength(1);
    const [m] = f.models;
    expect(m.model).toBe('extractive');
    expect(m.questions).toBe(2);
    expect(m.goldCitedShare).toBe(f.items.filter((i) => i.goldCited).length / 2);
    // The first question is answered by 民法典第五十四条 (in the sample), and the answer — or the closest
    // provisions, on a 25-article sample the confidence is rarely high — cites it.
    const first = f.items.find((i) => i.queryId === 0)!;
    expect(first.cited.some((c) => QUERIES[0].goldNames.includes(c))).toBe(true);
    expect(first.goldCited).toBe(true);
  });

  it('with an LLM configured: its answers too, each judged against the reference answer', async () => {
    const config = loadConfig({ LLM: 'openai', LLM_BASE_URL: `${llm.baseURL}`, LLM_MODEL: 'fake-model' });
    const f = await runStardAnswers(config, { store: opened.store, retriever: opened.retriever }, QUERIES, () => {});
    expect(f.judge).toBe('llm');
    expect(f.models.map((m) => m.model)).toEqual(['extractive', 'fake-model']);
    for (const m of f.models) {
      expect(m.judged).toBe(2);
      expect(m.judgedMean).toBeCloseTo(0.8, 10);
    }
    // With the LLM, each question is also rewritten into policy words before it is searched.
    expect(llm.requests.filter((r) => isQueryRewriteRequest(r.body)).length).toBe(2);
    const judgeCalls = llm.requests.filter((r) => !isAnswerRequest(r.body) && !isQueryRewriteRequest(r.body));
    expect(judgeCalls.length).toBe(4);
    expect(JSON.stringify(judgeCalls[0].body)).toContain('有经营能力的公民经过登记可以成为个体工商户');
  });

  it('a citation counts when its document title and label name a gold article', () => {
    const doc = { id: 'd', title: '中华人民共和国民法典', file: 'x' };
    const cite = (article: string) => ({ n: 1, chunkId: 'c', quote: 'q', article, doc });
    expect(citesGold({ citations: [cite('第五十四条')] }, ['中华人民共和国民法典第五十四条'])).toBe(true);
    expect(citesGold({ citations: [cite('第五十五条')] }, ['中华人民共和国民法典第五十四条'])).toBe(false);
  });
});
