/**
 * Links from the model survive only when a cited source holds the address: a phishing link in an
 * otherwise supported sentence keeps its text and loses the link, through the whole LLM path on a
 * loopback server; a link the regulation itself prints stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { unlinkUnsourced } from '../../server/answer/links.js';
import { createLlmModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import { type FakeOpenAI, sourcesInPrompt, startFakeOpenAI } from '../support/fake-openai-server.js';
import { type FixtureDocument, fixtureCorpus } from '../support/fixture-corpus.js';

const withSite: FixtureDocument = {
  id: 'fx-site',
  title: '关于企业年度报告公示的通知',
  file: 'test-only',
  date: '2024-01-05',
  articles: [['一', [], '一、企业应当于每年1月1日至6月30日，通过国家企业信用信息公示系统（www.gsxt.gov.cn）报送上一年度年度报告。']],
};
const fx = fixtureCorpus([withSite]);

describe('unlinkUnsourced', () => {
  const source = '通过国家企业信用信息公示系统（www.gsxt.gov.cn）报送年度报告';
  it('keeps the text of a Markdown link to an address no cited source holds, and drops the link', () => {
    expect(unlinkUnsourced('登录[办理入口](https://phish.example/login?id=1)报送年报。', [source])).toBe('登录办理入口报送年报。');
  });
  it('removes a bare or angle-bracketed address no cited source holds', () => {
    expect(unlinkUnsourced('请访问 https://phish.example/a 报送。', [source])).toBe('请访问 报送。');
    expect(unlinkUnsourced('请访问<https://phish.example/a>报送。', [source])).toBe('请访问报送。');
  });
  it('keeps an address the cited source prints, bare or as a link', () => {
    expect(unlinkUnsourced('通过www.gsxt.gov.cn报送。', [source])).toBe('通过www.gsxt.gov.cn报送。');
    expect(unlinkUnsourced('通过[公示系统](www.gsxt.gov.cn)报送。', [source])).toBe('通过[公示系统](www.gsxt.gov.cn)报送。');
  });
  it('leaves a sentence without links as it is', () => {
    expect(unlinkUnsourced('企业应当报送年度报告。', [source])).toBe('企业应当报送年度报告。');
  });
});

describe('through the LLM path', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => fake?.close());

  it('a supported sentence with a phishing link is shown without the link; the source’s own address stays', async () => {
    fake.script((body) => {
      const n = sourcesInPrompt(body).find((s) => s.title === withSite.title)?.n ?? 1;
      return {
        kind: 'text',
        text: `企业应当于每年1月1日至6月30日，通过[国家企业信用信息公示系统](https://gsxt-login.phish.example/)报送上一年度年度报告[${n}]。公示系统的网址是www.gsxt.gov.cn[${n}]。`,
      };
    });
    const prompts = loadPrompts();
    const answerer = createAnswerer({
      store: fx.store,
      retriever: fx.retriever,
      stats: fx.stats,
      model: createLlmModel({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000 }, prompts),
    });
    const r = await answerer.answer({ question: '企业年度报告什么时候报送，通过什么系统？' });
    expect(r.model).toBe('fake-model');
    expect(r.answer).toContain('通过国家企业信用信息公示系统报送上一年度年度报告');
    expect(r.answer).not.toContain('phish');
    expect(r.answer).toContain('www.gsxt.gov.cn');
  });
});
