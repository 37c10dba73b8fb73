/**
 * The closest provisions (server/answer/closest.ts): one verbatim, cited sentence per top article, a
 * document's title once, long sentences cut at clauses; and the near-domain note naming what is missing.
 */
import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../embeddings/text/analyze-question.js';
import { CLOSEST_BUDGET, CLOSEST_HEAD, clipQuote, closestProvisions, MAX_CLOSEST, nearDomainNote } from '../../server/answer/closest.js';
import { documentName, labelPrefix, sourcePrefix } from '../../server/answer/extractive-model.js';
import { givenSources } from '../../server/answer/create-answerer.js';
import { retrievalConfidence } from '../../server/answer/refusal.js';
import { parseMarkers } from '../../server/answer/sentences.js';
import type { GivenSource } from '../../server/answer/types.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();

async function closest(question: string) {
  const q = analyzeQuestion(question);
  const { hits } = await fx.retriever.search(q, 8);
  const sources = givenSources(hits, 5);
  return { q, hits, sources, lines: closestProvisions(q, sources, fx.stats, CLOSEST_HEAD.length) };
}

describe('closestProvisions', () => {
  it('quotes one sentence of each top article, in rank order, each cited by its own number', async () => {
    const { sources, lines } = await closest('企业名称可以用外文吗？');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(MAX_CLOSEST);
    lines.forEach((line, i) => {
      expect(parseMarkers(line)).toEqual([sources[i].n]);
      // Verbatim: every clause quoted is in the article (… marks a cut).
      const body = quoteOf(line, sources[i]);
      for (const piece of body.split('…').filter((p) => p.length > 3)) expect(sources[i].chunk.text.replace(/\s/g, '')).toContain(piece.replace(/\s/g, ''));
    });
  });

  it('names a document once when its articles follow each other', async () => {
    const { sources, lines } = await closest('企业名称由哪些部分组成？字号有什么要求？');
    const title = documentName(sources[0].doc);
    expect(sources[1].doc.id).toBe(sources[0].doc.id);
    expect(lines[0].startsWith(title)).toBe(true);
    expect(lines[1].startsWith(labelPrefix(sources[1]))).toBe(true);
  });

  it('shares the answer budget among the quotes by rank, cutting long sentences at clauses and marking the cut', async () => {
    const { lines, sources } = await closest('外商投资企业参与标准制定有什么规定？');
    const quotes = lines.map((line, i) => quoteOf(line, sources[i]).replace(/^…|…$/g, ''));
    for (const q of quotes) expect(q.length).toBeLessThanOrEqual(60);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
    // Cut quotes keep the whole answer near the budget, and the first quote gets the largest share.
    expect(CLOSEST_HEAD.length + lines.join('').length).toBeLessThanOrEqual(CLOSEST_BUDGET + 10);
    expect(quotes[0].length).toBeGreaterThanOrEqual(Math.max(...quotes.slice(1).map((q) => q.length)) - 2);
  });

  it('keeps the clause with the figure asked for', async () => {
    const { lines, sources } = await closest('小型微利企业所得税按多少税率交？');
    const i = sources.findIndex((s) => /按\s*20\s*%\s*的税率/.test(s.chunk.text));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i]).toContain('20%');
  });
});

describe('closestProvisions on constructed sources', () => {
  const base = fx.chunks.find((c) => c.docId === 'fx-smallbiz-tax')!;
  const doc = fx.store.listDocuments().find((d) => d.id === 'fx-smallbiz-tax')!;
  const source = (n: number, label: string, text: string, id = `fx-smallbiz-tax:${n}:0`): GivenSource => ({ n, chunk: { ...base, id, label, text }, doc, score: 1 });
  const lines = (question: string, sources: GivenSource[]) => closestProvisions(analyzeQuestion(question), sources, fx.stats, CLOSEST_HEAD.length);

  it('quotes a preamble by what it says, not by the title and 文号 it opens with', () => {
    const text = `${doc.title}\n${doc.docNo}\n为支持小微企业和个体工商户发展，对年应纳税所得额不超过100万元的部分减半征收。`;
    const [line] = lines('小微企业所得税有什么优惠？', [source(1, '正文', text)]);
    expect(line).toContain('为支持小微企业和个体工商户发展');
    expect(line.replace(documentName(doc), '')).not.toContain(doc.title);
  });

  it('never cuts a date, a figure or a document name short', () => {
    const none = () => 0;
    const date = clipQuote('自2023年9月21日至2025年12月31日，对个人转让股票暂免征收增值税。', none, 18);
    expect(date).toBe('自2023年9月21日至…');
    expect(clipQuote('对年应纳税所得额不超过1000万元的部分减半征收。', none, 13)).toBe('对年应纳税所得额不超过…');
    expect(clipQuote('按照《关于深化增值税改革有关政策的公告》规定的条件办理退税。', none, 20)).toBe('按照《关于深化增值税改革有关政策的公告》…');
    expect(clipQuote('应当按照财政部和税务总局《关于深化增值税改革有关政策的公告》办理。', none, 20)).toBe('应当按照财政部和税务总局…');
  });

  it('marks a numbered item by its own point, with no colon after 1.', () => {
    const [line] = lines('小微企业所得税有什么优惠？', [source(1, '1.', '1.对小型微利企业减按25%计入应纳税所得额。')]);
    expect(line).toContain(`${documentName(doc)}1.`);
    expect(line).not.toContain('1.：');
  });
});

/** A closest line without its source's name and label and without its marker: the quote. */
function quoteOf(line: string, src: Parameters<typeof sourcePrefix>[0]): string {
  const text = line.replace(/\[\d+\]\n$/, '');
  const prefix = [sourcePrefix(src), labelPrefix(src)].find((p) => text.startsWith(p)) ?? '';
  return text.slice(prefix.length);
}

describe('nearDomainNote', () => {
  it('names the place the corpus lacks beside the rarer words it has', async () => {
    const q = analyzeQuestion('上海市小型微利企业所得税有什么优惠？');
    const { hits, signals } = await fx.retriever.search(q, 8);
    const c = retrievalConfidence(q, hits, fx.stats, signals);
    expect(c.unmatched).toContain('上海市');
    const note = nearDomainNote(q, c, fx.stats)!;
    expect(note).toMatch(/^资料库中的规定涉及“.+”，但没有涉及“上海市”的规定。$/);
    expect(note).toContain('所得税');
  });

  it('says nothing when the question names nothing the corpus lacks', async () => {
    const q = analyzeQuestion('企业名称由哪些部分组成？');
    const { hits, signals } = await fx.retriever.search(q, 8);
    expect(nearDomainNote(q, retrievalConfidence(q, hits, fx.stats, signals), fx.stats)).toBeUndefined();
  });
});
