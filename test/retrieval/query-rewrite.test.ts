/**
 * Everyday words → policy words (server/retrieval/query-rewrite.ts): the reply parser on the shapes
 * small models really answer with, and the rewriter against an OpenAI-compatible server on loopback —
 * a good rewrite, the cache, a stalled or failing model, garbage — each falling back to the question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import { createLlmQueryRewriter, parseRewrite, searchText } from '../../server/retrieval/query-rewrite.js';
import { type ChatRequestBody, type FakeOpenAI, messageText, type Reply, startFakeOpenAI } from '../support/fake-openai-server.js';

const Q = '社保断缴了会怎样';

describe('searchText', () => {
  it('searches a rewrite with the question’s own words, and the question alone when there is no rewrite', () => {
    expect(searchText(' 社保断缴了会怎样 ', { query: '社会保险 中断缴费', rewritten: true })).toBe('社会保险 中断缴费 社保断缴了会怎样');
    expect(searchText('社保断缴了会怎样', { query: '社保断缴了会怎样', rewritten: false, fallback: 'timeout' })).toBe('社保断缴了会怎样');
  });
});

describe('parseRewrite', () => {
  it('takes up to three lines, without bullets, labels, quotes or trailing punctuation', () => {
    expect(parseRewrite('社会保险 中断缴费', Q)).toEqual({ query: '社会保险 中断缴费' });
    expect(parseRewrite('检索用语：社会保险费 欠缴。\n- 补缴\n2. “滞纳金”\n社会保险费 欠缴\n多余的第四行', Q)).toEqual({ query: '社会保险费 欠缴 补缴 滞纳金' });
    expect(parseRewrite('1、社会保险 中断缴费\n（2）补缴', Q)).toEqual({ query: '社会保险 中断缴费 补缴' });
  });

  it("drops a reasoning model's thinking and code fences", () => {
    expect(parseRewrite('<think>用户问的是社保……</think>\n社会保险 中断缴费', Q)).toEqual({ query: '社会保险 中断缴费' });
    expect(parseRewrite('```\n社会保险 中断缴费\n```', Q)).toEqual({ query: '社会保险 中断缴费' });
  });

  it('refuses what is not a rewrite: empty, no Chinese, a refusal sentence, ten times the question', () => {
    expect(parseRewrite('', Q)).toEqual({ fallback: 'empty' });
    expect(parseRewrite('   \n ', Q)).toEqual({ fallback: 'empty' });
    expect(parseRewrite('social insurance arrears', Q)).toEqual({ fallback: 'absurd' });
    expect(parseRewrite('抱歉，我无法回答这个问题。', Q)).toEqual({ fallback: 'absurd' });
    expect(parseRewrite('社会保险'.repeat(60), Q)).toEqual({ fallback: 'absurd' });
  });
});

describe('the LLM query rewriter', () => {
  let fake: FakeOpenAI;
  let reply: (body: ChatRequestBody) => Reply = () => ({ kind: 'text', text: '' });
  const prompt = loadPrompts().rewriteQuery;
  const rewriterWith = (timeoutMs: number) => createLlmQueryRewriter(createChatModel({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000 }), prompt, timeoutMs);

  beforeAll(async () => {
    fake = await startFakeOpenAI((body) => reply(body));
  });
  afterAll(async () => fake?.close());

  it('sends the fixed prompt with the question only, and searches the rewrite', async () => {
    reply = () => ({ kind: 'text', text: '社会保险 中断缴费\n补缴' });
    const before = fake.requests.length;
    const r = await rewriterWith(3000).rewrite(Q);
    expect(r).toEqual({ query: '社会保险 中断缴费 补缴', rewritten: true });
    const sent = fake.requests.slice(before).map((q) => q.body.messages.map(messageText).join('\n'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`用户问题：${Q}`);
    expect(sent[0]).toContain('只输出检索用语');
  });

  it('asks the model once per question: the rewrite is cached', async () => {
    reply = () => ({ kind: 'text', text: '稳岗返还 失业保险' });
    const rewriter = rewriterWith(3000);
    const before = fake.requests.length;
    const first = await rewriter.rewrite('公司一直没裁人，交的失业保险能退一点吗');
    const second = await rewriter.rewrite('公司一直没裁人，交的失业保险能退一点吗');
    expect(second).toEqual(first);
    expect(first.rewritten).toBe(true);
    expect(fake.requests.length - before).toBe(1);
  });

  it('a model that never answers is abandoned at the deadline and the question is searched', async () => {
    reply = () => ({ kind: 'hang' });
    const r = await rewriterWith(200).rewrite('开个奶茶店要办什么证');
    expect(r).toEqual({ query: '开个奶茶店要办什么证', rewritten: false, fallback: 'timeout' });
  });

  it('an error falls back to the question and is asked again next time; a garbage reply falls back too', async () => {
    reply = () => ({ kind: 'status', status: 500 });
    const rewriter = rewriterWith(3000);
    expect(await rewriter.rewrite('工钱被拖欠找谁')).toEqual({ query: '工钱被拖欠找谁', rewritten: false, fallback: 'error' });
    reply = () => ({ kind: 'text', text: '拖欠农民工工资 劳动保障监察' });
    expect(await rewriter.rewrite('工钱被拖欠找谁')).toEqual({ query: '拖欠农民工工资 劳动保障监察', rewritten: true });
    reply = () => ({ kind: 'text', text: 'As an AI language model I cannot help.' });
    expect(await rewriter.rewrite('个体户要交哪些税')).toEqual({ query: '个体户要交哪些税', rewritten: false, fallback: 'absurd' });
  });
});
