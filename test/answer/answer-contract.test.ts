/**
 * One contract, every answer model in server/answer/answer-models.ts: the extractive model and the LLM
 * model (against a loopback OpenAI-compatible server scripted to answer from the sources it is given),
 * each made from its settings as the server makes it. All must cite every sentence with a supporting
 * source, stream only what ends up in the answer, and refuse when nothing fits. An answer model added
 * to the registry needs settings here, or the first test fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_MODEL_KINDS, answerModelKind, answerModelName, type AnswerModelSettings } from '../../server/answer/answer-models.js';
import { createAnswererFromConfig } from '../../server/answer/create-answerer.js';
import { parseMarkers, splitSentences } from '../../server/answer/sentences.js';
import { SUPPORT_THRESHOLD, supportScore } from '../../server/answer/support.js';
import { loadConfig } from '../../server/config.js';
import type { AnswerEvent } from '../../server/types.js';
import { startFakeOpenAI, sourcesInPrompt, type FakeOpenAI } from '../support/fake-openai-server.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
let fake: FakeOpenAI;

beforeAll(async () => {
  // A faithful model: restates the first sentence of the two best sources, each cited.
  fake = await startFakeOpenAI((body) => {
    const src = sourcesInPrompt(body).slice(0, 2);
    const text = src
      .map((s) => {
        const first = s.text
          .replace(/\s+/g, '')
          .replace(/^第[一二三四五六七八九十百]+条|^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）/, '')
          .split('。')[0];
        return `根据《${s.title}》，${first}。[${s.n}]`;
      })
      .join('\n');
    return { kind: 'text', text, chunk: 3 };
  });
});
afterAll(async () => fake?.close());

/** Settings each registered answer model is tested with, and the name its answers must carry. */
const MODELS: Record<string, { settings: () => AnswerModelSettings; name: string }> = {
  extractive: { settings: () => ({ kind: 'extractive' }), name: 'extractive' },
  openai: { settings: () => ({ kind: 'openai', baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000, rewriteTimeoutMs: 3000 }), name: 'fake-model' },
};

const models = ANSWER_MODEL_KINDS.map((kind) => ({
  kind,
  name: MODELS[kind]?.name,
  make: () => createAnswererFromConfig({ ...loadConfig({}), llm: MODELS[kind].settings() }, { store: fx.store, retriever: fx.retriever, stats: fx.stats }),
}));

describe('answer models', () => {
  it('every registered answer model has settings here', () => {
    expect([...ANSWER_MODEL_KINDS].sort()).toEqual(Object.keys(MODELS).sort());
  });

  it('an unknown kind is an error with a sentence', () => {
    expect(() => answerModelKind('nope')).toThrow(/^Unknown answer model "nope": the answer models are extractive, openai\.$/);
  });
});

const answerable = ['企业名称由哪些部分组成？', '企业名称中的字号有什么要求？', '外商投资企业可以参与政府采购吗？', '小型微利企业所得税预缴是按月还是按季度？'];
const unanswerable = ['个人住房公积金贷款利率是多少？', '新能源汽车购置税减免政策是什么？', '高考加分有哪些条件？'];

describe.each(models)('answer model contract: $kind', ({ kind, name, make }) => {
  it('is named as /api/health names it', () => {
    expect(answerModelKind(kind).kind).toBe(kind);
    expect(answerModelName(MODELS[kind].settings())).toBe(name);
    expect(make().model).toBe(name);
  });

  it('cites every sentence with a given source that supports it', async () => {
    const answerer = make();
    for (const question of answerable) {
      const events: AnswerEvent[] = [];
      const r = await answerer.answer({ question }, { onEvent: (e) => events.push(e) });
      expect(r.refused, question).toBe(false);
      expect(r.model).toBe(name);
      expect(r.citations.length).toBeGreaterThan(0);
      const byN = new Map(r.citations.map((c) => [c.n, c]));
      for (const s of splitSentences(r.answer, { semicolons: true })) {
        const ns = parseMarkers(s.text);
        expect(ns.length, `uncited: ${s.text}`).toBeGreaterThan(0);
        const best = Math.max(
          ...ns.map((n) => {
            const c = byN.get(n)!;
            const chunk = fx.store.getChunk(c.chunkId)!;
            return supportScore(s.text, { chunk, doc: fx.store.listDocuments().find((d) => d.id === chunk.docId)! }, fx.stats).score;
          }),
        );
        expect(best, s.text).toBeGreaterThanOrEqual(SUPPORT_THRESHOLD);
      }
      for (const c of r.citations) expect(fx.store.getChunk(c.chunkId)!.text).toContain(c.quote);
      // Only checked text is streamed, and all of it is the answer.
      const streamed = events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
      expect(streamed.trim()).toBe(r.answer);
      const last = events.filter((e) => e.type === 'citations').at(-1);
      expect(last && last.type === 'citations' ? last.citations : []).toEqual(r.citations);
    }
  });

  it('does not answer when nothing in the corpus fits: the closest provisions as such, or not found', async () => {
    const answerer = make();
    const statuses = new Set<string>();
    for (const question of unanswerable) {
      const r = await answerer.answer({ question });
      statuses.add(r.status);
      expect(r.status, question).not.toBe('answered');
      expect(r.refused, question).toBe(true);
      expect(r.closest?.length ?? 0).toBeGreaterThan(0);
      expect(r.confidence, question).toBeLessThan(0.5);
      if (r.status === 'not_found') {
        expect(r.answer.startsWith('资料库中未找到')).toBe(true);
        expect(r.citations).toEqual([]);
      } else {
        // Closest: introduced as not answering, every quoted line cited; the server composes it whatever the model.
        expect(r.answer.startsWith('没有找到直接回答的条文，以下规定最接近：\n')).toBe(true);
        expect(r.model).toBe('extractive');
        const lines = r.answer.split('\n').slice(1);
        expect(lines.length).toBe(r.citations.length);
        for (const line of lines) expect(line).toMatch(/\[\d+\](（[^）]*）)?$/);
      }
    }
    expect([...statuses].sort()).toEqual(['closest', 'not_found']);
  });
});
