/** Chunking: limits, sentence boundaries, tiny-piece merging, stable ids, exact ranges. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHUNK_MAX_CHARS, CHUNK_MIN_CHARS, chunkDocument, splitRange } from '../../embeddings/chunk.js';
import { documentCoverage } from '../../embeddings/corpus/coverage.js';
import { splitText } from '../../embeddings/corpus/load-corpus.js';
import type { Article } from '../../embeddings/types.js';

function doc(text: string, cuts: Array<[string, number, number, string[]?]>) {
  const articles: Article[] = cuts.map(([label, start, end, headingPath], i) => ({
    id: `d:${i}`,
    docId: 'd',
    label,
    headingPath: headingPath ?? [],
    start,
    end,
  }));
  return { id: 'd', text, articles };
}

describe('splitRange', () => {
  it('cuts a long text into balanced pieces at sentence ends, never over the limit', () => {
    const sentence = '这是一个用于测试切分的句子，长度大约二十个字。';
    const text = sentence.repeat(40);
    const pieces = splitRange(text, 0, text.length, 300);
    expect(pieces.length).toBe(Math.ceil(text.length / 300));
    for (const [a, b] of pieces) {
      expect(b - a).toBeLessThanOrEqual(300);
      expect(text[b - 1]).toBe('。');
    }
    const lengths = pieces.map(([a, b]) => b - a);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThan(100);
    expect(pieces[0][0]).toBe(0);
    expect(pieces[pieces.length - 1][1]).toBe(text.length);
  });

  it('falls back to clause breaks, then to a hard cut', () => {
    const clauses = '甲乙丙丁戊己庚辛，'.repeat(50);
    for (const [a, b] of splitRange(clauses, 0, clauses.length, 100)) {
      expect(b - a).toBeLessThanOrEqual(100);
      expect(clauses[b - 1]).toBe('，');
    }
    const solid = '字'.repeat(1000);
    const pieces = splitRange(solid, 0, solid.length, 300);
    expect(pieces.reduce((n, [a, b]) => n + b - a, 0)).toBe(1000);
    for (const [a, b] of pieces) expect(b - a).toBeLessThanOrEqual(300);
  });
});

describe('chunkDocument', () => {
  it('keeps one article per chunk and merges a lone heading into the next chunk', () => {
    const text = '一、总体要求\n（一）指导思想。坚持以人民为中心的发展思想，统筹发展和安全，推动高质量发展。\n（二）主要目标。到2025年，基本形成规范有序的发展格局。';
    const h = text.indexOf('（一）');
    const i2 = text.indexOf('（二）');
    const chunks = chunkDocument(
      doc(text, [
        ['一', 0, h - 1, ['一、总体要求']],
        ['（一）', h, i2 - 1, ['一、总体要求']],
        ['（二）', i2, text.length, ['一、总体要求']],
      ]),
    );
    // （二） is short, but it is a numbered item: it stays a chunk of its own.
    expect(chunks.map((c) => c.label)).toEqual(['（一）', '（二）']);
    expect(chunks[0].text.startsWith('一、总体要求\n（一）指导思想。')).toBe(true);
    expect(chunks[0].id).toBe('d:1:0');
    expect(chunks[1].id).toBe('d:2:0');
    for (const c of chunks) expect(c.text).toBe(text.slice(c.start, c.end));
  });

  it('splits a long article and carries its label and heading path to every piece', () => {
    const body = '第八条 ' + '企业名称中的字号应当由两个以上汉字组成，不得含有法律禁止的内容。'.repeat(30);
    const chunks = chunkDocument(doc(body, [['第八条', 0, body.length, ['第二章 企业名称']]]));
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((c, part) => {
      expect(c.id).toBe(`d:0:${part}`);
      expect(c.label).toBe('第八条');
      expect(c.headingPath).toEqual(['第二章 企业名称']);
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
      expect(c.text).toBe(body.slice(c.start, c.end));
    });
    expect(documentCoverage({ text: body }, chunks)).toBe(1);
  });

  it('on real fixtures: within limits, exact ranges, full coverage, same ids twice', () => {
    for (const name of ['regulation-734.txt', 'notice-publishes-measures.txt', 'opinion-2024-3.txt', 'headings-with-dates.txt']) {
      const text = readFileSync(`test/fixtures/corpus/${name}`, 'utf8');
      const first = splitText(name, text);
      const second = splitText(name, text);
      expect(second.chunks.map((c) => c.id)).toEqual(first.chunks.map((c) => c.id));
      for (const d of first.documents) {
        const chunks = first.chunks.filter((c) => c.docId === d.id);
        expect(chunks.length, d.title).toBeGreaterThan(0);
        expect(documentCoverage(d, chunks), d.title).toBeGreaterThanOrEqual(0.99);
        for (const c of chunks) {
          expect(c.text).toBe(d.text.slice(c.start, c.end));
          expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
          expect(c.text.trim()).toBe(c.text);
        }
        // A small chunk is a whole short numbered article (kept to be cited under its own label),
        // or a whole short document.
        for (const c of chunks.filter((x) => x.text.length < CHUNK_MIN_CHARS)) {
          const a = d.articles.find((x) => x.id === c.articleId)!;
          const whole = c.text === d.text.slice(a.start, a.end).trim() || c.text === d.text.trim();
          expect(whole && (!/^(第.+[章节]|[一二三四五六七八九十]+|正文)$/.test(c.label) || c.text === d.text.trim()), `${d.title}: ${c.text}`).toBe(true);
        }
      }
    }
  });
});
