/**
 * The closest provisions (server/answer/closest.ts): one verbatim, cited sentence per top article, a
 * document's title once, long sentences cut at clauses; and the near-domain note naming what is missing.
 */
import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../embeddings/text/analyze-question.js';
import { closestProvisions, nearDomainNote } from '../../server/answer/closest.js';
import { givenSources } from '../../server/answer/create-answerer.js';
import { retrievalConfidence } from '../../server/answer/refusal.js';
import { parseMarkers } from '../../server/answer/sentences.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();

async function closest(question: string) {
  const q = analyzeQuestion(question);
  const { hits } = await fx.retriever.search(q, 8);
  const sources = givenSources(hits, 5);
  return { q, hits, sources, lines: closestProvisions(q, sources, fx.stats) };
}

describe('closestProvisions', () => {
  it('quotes one sentence of each top article, in rank order, each cited by its own number', async () => {
    const { sources, lines } = await closest('企业名称可以用外文吗？');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(4);
    lines.forEach((line, i) => {
      expect(parseMarkers(line)).toEqual([sources[i].n]);
      // Verbatim: every clause quoted is in the article (… marks a cut).
      const body = line.replace(/\[\d+\]\n$/, '').replace(/^(《[^》]+》)?[^：、]*[：、]?/, '');
      for (const piece of body.split('…').filter((p) => p.length > 3)) expect(sources[i].chunk.text.replace(/\s/g, '')).toContain(piece.replace(/\s/g, ''));
    });
  });

  it('names a document once when its articles follow each other', async () => {
    const { sources, lines } = await closest('企业名称由哪些部分组成？字号有什么要求？');
    const title = `《${sources[0].doc.title}》`;
    const sameDocLines = lines.filter((_, i) => sources[i].doc.id === sources[0].doc.id);
    expect(sameDocLines.length).toBeGreaterThan(1);
    expect(lines.join('').split(title).length - 1).toBe(1);
  });

  it('cuts a long sentence to at most 50 characters around its best clauses, marking the cut', async () => {
    const { lines } = await closest('外商投资企业参与标准制定有什么规定？');
    for (const line of lines) {
      const quote = line.replace(/\[\d+\]\n$/, '').replace(/^(《[^》]+》)?[^：、（]*[：、]?/, '');
      expect(quote.replace(/^…|…$/g, '').length).toBeLessThanOrEqual(60);
    }
  });
});

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
