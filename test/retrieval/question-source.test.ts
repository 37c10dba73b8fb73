/**
 * The question-memory source on the bundled index: remembered everyday questions vote for their articles,
 * in full when the question is close to one of them, weakly when it only shares common words (a question
 * about an uploaded document has no remembered questions) or is worded like the text the lexical search put
 * first, and not at all for a question that names its article or 文号.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../embeddings/text/analyze-question.js';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';
import { loadConfig } from '../../server/config.js';
import { DEFAULT_QUESTION_SOURCE, loadQuestionBank, QuestionSource, type QuestionBank } from '../../server/retrieval/question-source.js';
import { RetrievalContext } from '../../server/retrieval/retrieval-context.js';
import type { OpenedIndex } from '../../server/runtime.js';
import { realIndex } from '../support/test-index.js';

let opened: OpenedIndex;
let bank: QuestionBank;
beforeAll(async () => {
  opened = await realIndex();
  bank = loadQuestionBank(path.join(PROJECT_ROOT, 'data', 'synthetic-questions.jsonl'), new RetrievalContext(opened.index))!;
}, 300_000);

async function ask(question: string): Promise<{ articles: string[]; strength: number | undefined }> {
  const source = new QuestionSource(bank, 0.8);
  const strength = new Map<string, number>();
  const hits = await source.candidates({ q: analyzeQuestion(question), strength }, 20);
  return { articles: [...new Set(hits.map((h) => opened.index.chunks[h.chunk].articleId))], strength: strength.get(source.name) };
}

describe('question-memory source', () => {
  it('votes in full for the article a remembered question was written for, asked again', async () => {
    const remembered = bank.memory.neighbours('社保', 1)[0].item;
    const r = await ask(remembered.question);
    expect(r.strength).toBe(1);
    expect(r.articles[0]).toBe(remembered.answers[0]);
  });

  it('votes weakly for a question that shares only common words with every remembered one', async () => {
    // The closest remembered question is 公募基金管理费会降吗: 管理费 and little else.
    const r = await ask('夜间集市的摊位每晚交多少管理费？');
    expect(r.strength).toBeGreaterThan(0);
    expect(r.strength).toBeLessThan(0.7);
    expect((await ask('小微企业所得税有什么优惠？')).strength).toBe(1);
  });

  it('votes at a third of its strength for a question worded like the text the lexical search put first', async () => {
    const question = '企业名称中的字号应当由几个汉字组成？';
    const free = await ask(question);
    const chunk = opened.index.chunks.findIndex((c) => c.text.includes('字号应当由两个以上汉字组成'));
    const source = new QuestionSource(bank, 0.8);
    const strength = new Map<string, number>();
    const ctx = new RetrievalContext(opened.index);
    await source.candidates({ q: analyzeQuestion(question), strength, ctx, lists: new Map([['lexical', [{ chunk, score: 1 }]]]) }, 20);
    expect(free.strength).toBeGreaterThan(0);
    expect(strength.get(source.name)).toBeCloseTo(free.strength! * DEFAULT_QUESTION_SOURCE.inTextsStrength);
  });

  it('does not vote for a question that names its article or its 文号', async () => {
    expect((await ask('企业名称登记管理规定实施办法第十条对字号有什么要求？')).articles).toEqual([]);
    expect((await ask('国办发〔2023〕11号讲了什么？')).articles).toEqual([]);
  });
});

describe('question files', () => {
  it('names an article by its id or by title and number, across several files, a missing file ignored', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cewen-questions-'));
    const i = opened.index.chunks.findIndex((c) => /^第.+条$/.test(c.label));
    const chunk = opened.index.chunks[i];
    const title = opened.index.documents[opened.index.chunkDoc[i]].title;
    const byName = path.join(dir, 'by-name.jsonl');
    writeFileSync(
      byName,
      `${JSON.stringify({ article: `《${title}》${chunk.label}`, questions: ['这一条管什么事？'] })}\n` +
        `${JSON.stringify({ article: '中华人民共和国民法典第五十四条', questions: ['个体户能起字号吗？'] })}\n`,
    );
    const other = opened.index.chunks.find((c) => c.articleId !== chunk.articleId)!;
    const byId = path.join(dir, 'by-id.jsonl');
    writeFileSync(byId, `${JSON.stringify({ article: other.articleId, questions: ['另一条讲什么？'] })}\n`);
    const both = loadQuestionBank([byName, path.join(dir, 'absent.jsonl'), byId], new RetrievalContext(opened.index))!;
    expect([...both.articleChunks.keys()].sort()).toEqual([chunk.articleId, other.articleId].sort());
    // 民法典 is not in the bundled corpus: its line waits for an index that holds it.
    expect(both.unresolved).toBe(1);
    expect(both.memory.size).toBe(2);
    expect(loadQuestionBank([path.join(dir, 'absent.jsonl')], new RetrievalContext(opened.index))).toBeUndefined();
  });

  it('are the shipped files by default, or comma-separated lists', () => {
    const files = (c: { syntheticQuestions: string[]; lawQuestions: string[] }) => [c.syntheticQuestions, c.lawQuestions].map((l) => l.map((f) => path.relative(process.cwd(), f)));
    expect(files(loadConfig({}))).toEqual([[path.join('data', 'synthetic-questions.jsonl')], [path.join('data', 'law-questions.jsonl')]]);
    expect(loadConfig({ SYNTHETIC_QUESTIONS: 'a.jsonl, /x/b.jsonl,' }).syntheticQuestions).toEqual([path.resolve('a.jsonl'), '/x/b.jsonl']);
    expect(loadConfig({ LAW_QUESTIONS: '/x/laws.jsonl' }).lawQuestions).toEqual(['/x/laws.jsonl']);
  });
});
