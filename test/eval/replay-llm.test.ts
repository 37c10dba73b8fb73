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
    expect(questionOfPrompt(loadPrompts().rewriteQuery.replace('{{question}}', '开个奶茶店要办什么证'))).toBe('开个奶茶店要办什么证');
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
});
