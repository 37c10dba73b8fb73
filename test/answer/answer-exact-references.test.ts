/**
 * Exact references the corpus does not have are "not found" with the reason, on the real index of the
 * corpus fixtures: an article number the named regulation does not reach, a 文号 no document carries.
 * Another document's 第三十五条 is never passed off as the one asked for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { onlyArticleNumber } from '../../server/answer/exact-references.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { OpenedIndex } from '../../server/runtime.js';
import type { Answerer } from '../../server/types.js';
import type { AnswerResult } from '../../server/wire.js';
import { fixtureIndex } from '../support/test-index.js';

let opened: OpenedIndex;
let answerer: Answerer;
beforeAll(async () => {
  opened = await fixtureIndex();
  answerer = createAnswerer({ store: opened.store, retriever: opened.retriever, analyze: opened.analyze });
});

describe('exact references', () => {
  it('an article the named regulation does not have: not found, and how many articles it has', async () => {
    const r = await answerer.answer({ question: '《企业名称登记管理规定》第三十五条是怎么规定的？' });
    expect(r).toMatchObject({ status: 'not_found', refused: true, citations: [] });
    expect(r.answer).toBe('《企业名称登记管理规定》共二十六条，没有第三十五条。');
    // In any numerals.
    expect((await answerer.answer({ question: '企业名称登记管理规定第35条讲了什么' })).answer).toBe('《企业名称登记管理规定》共二十六条，没有第三十五条。');
  });

  it('an article it does have is answered from that article', async () => {
    const r = await answerer.answer({ question: '企业名称登记管理规定第八条是怎么规定的？' });
    expect(r.status).toBe('answered');
    expect(r.citations.some((c) => c.doc.title === '企业名称登记管理规定' && c.article === '第八条')).toBe(true);
  });

  it('a 文号 no document carries: not found, naming it', async () => {
    const r = await answerer.answer({ question: '国办发(2099)99号文件规定了什么？' });
    expect(r).toMatchObject({ status: 'not_found', refused: true, answer: '资料库中没有文号为国办发〔2099〕99号的文件。' });
  });

  it('/api/answer carries the status', async () => {
    const app = createApp({ config: loadConfig({}), store: opened.store, indexInfo: opened.indexInfo, answerer });
    const res = await app.request('/api/answer', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '企业名称中的字号应当由几个汉字组成？' }),
    });
    const body = (await res.json()) as AnswerResult;
    expect(body.status).toBe(body.refused ? 'not_found' : 'answered');
    expect(body.status).toBe('answered');
  });
});

describe('a question that is only an article number', () => {
  it('is recognised whatever the numerals and the words that ask about it', () => {
    for (const q of ['第三十五条', '第35条规定了什么？', '第 8 条的内容是什么', '第三条、第四条']) expect(onlyArticleNumber(q), q).toBe(true);
    for (const q of ['企业名称第三十五条是什么', '《某办法》第八条', '第八条关于字号的规定', '字号有什么要求']) expect(onlyArticleNumber(q), q).toBe(false);
  });
});
