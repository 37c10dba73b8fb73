/**
 * The answer pipeline on the real corpus and index (built once in the shared test index folder, never
 * in data/index): answers cite chunks that hold the evidence, every sentence is supported, expired
 * documents carry a note, follow-ups are rewritten, off-corpus questions are refused, and the cited
 * passage can be highlighted through /api/sources.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSentence } from '../../server/answer/citations.js';
import { corpusTermStats } from '../../server/answer/corpus-stats.js';
import type { TermStats } from '../../embeddings/text/terms.js';
import { parseMarkers, SentenceStream, splitSentences } from '../../server/answer/sentences.js';
import { isoDate } from '../../server/answer/validity.js';
import { loadConfig } from '../../server/config.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import type { AnswerResult } from '../../server/wire.js';
import { startAnswerServer, type RunningServer } from '../support/answer-server.js';
import { TEST_INDEX_DIR } from '../support/real-server.js';

let parts: Runtime & { stats: TermStats };
let server: RunningServer;

beforeAll(async () => {
  // No uploads: the answers are the built index's alone, whatever a developer uploaded into data/uploads.
  const runtime = await openRuntime(loadConfig({ INDEX_DIR: TEST_INDEX_DIR, UPLOADS_DIR: path.join(os.tmpdir(), 'cewen-no-uploads') }));
  parts = Object.assign(runtime, { stats: await corpusTermStats(runtime.store) });
  server = await startAnswerServer(parts, parts.answerer);
}, 300_000);
afterAll(async () => server?.close());

const squash = (s: string) => s.replace(/\s+/g, '');

function expectChecked(r: AnswerResult, opts: { semicolons?: boolean } = {}): void {
  const byN = new Map(r.citations.map((c) => [c.n, c]));
  // Split as the server checks a streamed answer: at ； only where a marker closes the clause.
  const stream = new SentenceStream();
  const pieces = (opts.semicolons ?? true) ? [...stream.push(r.answer), ...stream.end()].map((text) => ({ text: text.trim() })) : splitSentences(r.answer);
  for (const s of pieces) {
    const ns = parseMarkers(s.text);
    expect(ns.length, `uncited: ${s.text}`).toBeGreaterThan(0);
    // Re-run the check with the cited chunks as the only sources: each sentence still passes.
    const sources = ns.map((n, i) => {
      const chunk = parts.store.getChunk(byN.get(n)!.chunkId)!;
      return { n: i + 1, chunk, doc: parts.store.getDocument(chunk.docId)!, score: 1 };
    });
    const renumbered = `${s.text.replace(/\[\d+\]/g, '')}${sources.map((x) => `[${x.n}]`).join('')}`;
    expect(checkSentence(renumbered, sources, parts.stats).status, s.text).toBe('ok');
  }
}

describe('answers on the real index', () => {
  const cases: [string, string][] = [
    // The 规定 (第六条) and its 实施办法 (第八条) both say it, in nearly the same words.
    ['企业名称由哪些部分组成？', '由行政区划名称、字号、行业或者经营特点、组织形式组成'],
    ['小型微利企业年应纳税所得额不超过100万元的部分，企业所得税怎么算？', '减按25%计入应纳税所得额，按20%的税率缴纳企业所得税'],
  ];

  it.each(cases)('%s — cites a chunk holding the evidence', async (question, evidence) => {
    const r = await parts.answerer.answer({ question });
    expect(r.refused).toBe(false);
    expect(r.citations.some((c) => squash(parts.store.getChunk(c.chunkId)!.text).includes(squash(evidence)))).toBe(true);
    expectChecked(r);
    const today = isoDate(new Date());
    for (const c of r.citations) {
      expect(c.doc.title.length).toBeGreaterThan(0);
      if (c.doc.validUntil && c.doc.validUntil.length === 10 && c.doc.validUntil < today) expect(c.validityNote, c.doc.title).toMatch(/^已于\d{4}年\d{1,2}月\d{1,2}日到期/);
    }
  });

  it('rewrites a follow-up from the conversation and answers it', async () => {
    const r = await parts.answerer.answer({
      question: '那外商投资企业呢？',
      history: [
        { role: 'user', content: '企业名称有什么要求？' },
        { role: 'assistant', content: '企业名称应当使用规范汉字。[1]' },
      ],
    });
    expect(r.question).toBe('外商投资企业名称有什么要求？');
    expect(r.status).not.toBe('not_found');
    expect(r.citations.length).toBeGreaterThan(0);
    expectChecked(r.status === 'answered' ? r : { ...r, answer: r.answer.split('\n').slice(1).join('\n') }, { semicolons: r.status === 'answered' });
  });

  it.each([
    ['新加坡的公司所得税税率是多少？', '新加坡'],
    ['2026年国家针对小微企业出台了哪些新的减税政策？', '2026'],
    ['驾驶证到期换证要带哪些材料？', undefined],
  ])('does not answer what the corpus does not hold: %s', async (question, lacking) => {
    const r = await parts.answerer.answer({ question });
    expect(r.status).not.toBe('answered');
    expect(r.refused).toBe(true);
    expect(r.closest!.length).toBeGreaterThan(0);
    // A place or a year the corpus lacks is named as what is missing, beside what is there.
    if (lacking) expect(r.answer).toMatch(new RegExp(`^资料库中的规定涉及“.+”，但没有涉及“${lacking}”的规定。`));
    if (r.status === 'closest') {
      // The closest provisions are shown as such: cited, checked, claiming nothing.
      expect(r.answer).toMatch(/以下规定最接近：\n/);
      expect(r.citations.length).toBeGreaterThan(0);
      // One quoted provision a line (a quote may hold a ；).
      expectChecked({ ...r, answer: r.answer.split('\n').slice(1).join('\n') }, { semicolons: false });
    } else {
      expect(r.answer).toMatch(/^资料库中未找到/);
      expect(r.citations).toEqual([]);
    }
  });

  it('the quote of every citation is highlighted by /api/sources', async () => {
    const r = (await (
      await fetch(`${server.url}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: '企业名称中的字号有什么要求？' }),
      })
    ).json()) as AnswerResult;
    expect(r.citations.length).toBeGreaterThan(0);
    for (const c of r.citations) {
      const res = await fetch(`${server.url}/api/sources/${encodeURIComponent(c.chunkId)}?quote=${encodeURIComponent(c.quote)}`);
      expect(res.status).toBe(200);
      const s = (await res.json()) as { article: { text: string }; highlight: { start: number; end: number } };
      expect(squash(s.article.text.slice(s.highlight.start, s.highlight.end))).toBe(squash(c.quote));
    }
  });
});
