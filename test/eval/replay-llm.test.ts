/**
 * The replay server (eval/replay-llm.ts) that `npm run eval -- --rewrites FILE` measures the LLM rewrite
 * with: fixtures read with line-numbered errors, and the real rewriter getting the recorded reply over
 * HTTP — or searching the question as typed when none was recorded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questionOfPrompt, readReplies, startReplayServer } from '../../eval/replay-llm.js';
import { createChatModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import { createLlmQueryRewriter } from '../../server/retrieval/query-rewrite.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the rewrite fixtures', () => {
  it('reads {question, reply} lines and names a bad line', () => {
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(good, `${JSON.stringify({ question: ' 社保断缴了会怎样 ', reply: '社会保险 中断缴费' })}\n\n`);
    expect(readReplies(good)).toEqual(new Map([['社保断缴了会怎样', '社会保险 中断缴费']]));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ question: 'a', reply: 'b' })}\n{"question": 3}\n`);
    expect(() => readReplies(bad)).toThrow(`${bad}:2: needs "question" and "reply" strings`);
    writeFileSync(bad, 'not json\n');
    expect(() => readReplies(bad)).toThrow(`${bad}:1: not JSON`);
  });

  it('finds the question in the filled prompt', () => {
    expect(questionOfPrompt(loadPrompts().rewriteQuery.replace('{{question}}', '开个奶茶店要办什么证'))).toEqual({ kind: 'rewrite', question: '开个奶茶店要办什么证' });
    const answer = loadPrompts().answerUser.replace('{{sources}}', '<<<资料 1>>>\n用户问题：这是资料里的字\n<<<资料 1 结束>>>').replace('{{question}}', '企业名称有什么要求？');
    expect(questionOfPrompt(answer)).toEqual({ kind: 'answer', question: '企业名称有什么要求？' });
    expect(questionOfPrompt('no question here')).toBeUndefined();
  });
});

describe('the replay server', () => {
  it('gives the rewriter the recorded reply, and a 404 (the question as typed) for an unrecorded question', async () => {
    const server = await startReplayServer(new Map([['开个奶茶店要办什么证', '餐饮服务 食品经营许可\n营业执照']]));
    try {
      const rewriter = createLlmQueryRewriter(createChatModel({ baseURL: server.baseURL, model: 'replay', timeoutMs: 5000 }), loadPrompts().rewriteQuery, 5000);
      expect(await rewriter.rewrite('开个奶茶店要办什么证')).toEqual({ query: '餐饮服务 食品经营许可 营业执照', rewritten: true });
      expect(await rewriter.rewrite('没有录下的问题')).toEqual({ query: '没有录下的问题', rewritten: false, fallback: 'error' });
      expect(server.misses).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('streams a recorded answer to the answer model, status line and all, as a streaming endpoint does', async () => {
    const { fixtureCorpus } = await import('../support/fixture-corpus.js');
    const { createAnswerer } = await import('../../server/answer/create-answerer.js');
    const { createLlmModel } = await import('../../server/answer/llm-model.js');
    const fx = fixtureCorpus();
    const q = '企业名称由哪些部分组成？';
    // The sources' numbers are the prompt's: [1] is the first given source; the fixture's best source for q holds the sentence.
    const reply = '状态：已回答\n企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。[1][2][3]';
    const server = await startReplayServer(new Map(), new Map([[q, reply]]));
    try {
      const model = createLlmModel({ baseURL: server.baseURL, model: 'replay', timeoutMs: 5000 }, loadPrompts());
      const r = await createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, model }).answer({ question: q });
      expect(r.model).toBe('replay');
      expect(r.status).toBe('answered');
      // Markers to sources that do not hold the sentence's terms are removed; the status line is not shown.
      expect(r.answer).toMatch(/^企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。(\[\d\])+$/);
      expect(server.misses).toBe(0);
    } finally {
      await server.close();
    }
  });
});
