/**
 * Pre-split JSONL articles (embeddings/corpus/load-jsonl.ts) on a sample cut from the STARD corpus,
 * plain and gzip-compressed, mixed with a .txt compilation, and on bad lines and bad files.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_MAX_CHARS } from '../../embeddings/chunk.js';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';
import { chunkSourceIds, jsonlDocumentId, loadJsonlFiles, readJsonlFile } from '../../embeddings/corpus/load-jsonl.js';

const SAMPLE = path.resolve('test/fixtures/jsonl/stard-sample.jsonl');
const SAMPLE_LINES = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
const SAMPLE_ROWS = SAMPLE_LINES.map((l) => JSON.parse(l) as { id: number; law: string; article: string; content: string; doc: string });
const REGULATION = path.resolve('test/fixtures/corpus/regulation-734.txt');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cewen-jsonl-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mkdir(name: string): string {
  const d = path.join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

describe('JSONL articles', () => {
  it('one document per law (and part), one article per row, chunks that map back to the row ids', async () => {
    const d = mkdir('plain');
    copyFileSync(SAMPLE, path.join(d, 'sample.jsonl'));
    const corpus = await loadCorpus(d);
    expect(corpus.problems).toEqual([]);
    const laws = [...new Set(SAMPLE_ROWS.map((r) => r.law))];
    expect(corpus.documents.map((x) => x.title)).toEqual(laws);
    expect(corpus.documents.reduce((n, x) => n + x.articles.length, 0)).toBe(SAMPLE_ROWS.length);

    const ids = chunkSourceIds(corpus.documents, corpus.chunks);
    expect(new Set(ids)).toEqual(new Set(SAMPLE_ROWS.map((r) => String(r.id))));
    const docs = new Map(corpus.documents.map((x) => [x.id, x]));
    const rows = new Map(SAMPLE_ROWS.map((r) => [String(r.id), r]));
    corpus.chunks.forEach((c, i) => {
      const doc = docs.get(c.docId)!;
      const row = rows.get(ids[i]!)!;
      expect(c.text).toBe(doc.text.slice(c.start, c.end));
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
      expect(doc.title).toBe(row.law);
      expect(c.label).toBe(row.article);
    });
    // Every row's text is in its article, after the label; short articles (民法典第五十四条, 36
    // characters) are chunks of their own rather than merged into a neighbour.
    for (const x of corpus.documents) {
      for (const a of x.articles) {
        const row = rows.get(a.sourceId!)!;
        expect(x.text.slice(a.start, a.end)).toBe(`${row.article}\u3000${row.content.trim()}`);
      }
    }
    const short = corpus.chunks.filter((c, i) => ids[i] === '13922');
    expect(short).toHaveLength(1);
    expect(short[0].text).toBe('第五十四条\u3000自然人从事工商业经营，经依法登记，为个体工商户。个体工商户可以起字号。');
    // The 814-character 第五条 is split at sentence ends; both parts keep its label and row id.
    const long = corpus.chunks.filter((c, i) => ids[i] === '2311');
    expect(long.length).toBe(2);
    expect(long.every((c) => c.label === '第五条')).toBe(true);
    // Stable ids: the same input gives the same document and chunk ids.
    const again = await loadCorpus(d);
    expect(again.chunks.map((c) => c.id)).toEqual(corpus.chunks.map((c) => c.id));
    expect(corpus.documents[0].id).toBe(jsonlDocumentId(SAMPLE_ROWS[0].law, SAMPLE_ROWS[0].doc));
  });

  it('reads .jsonl.gz the same as .jsonl, beside a .txt compilation', async () => {
    const d = mkdir('mixed');
    writeFileSync(path.join(d, 'sample.jsonl.gz'), gzipSync(readFileSync(SAMPLE)));
    copyFileSync(REGULATION, path.join(d, 'regulation-734.txt'));
    const corpus = await loadCorpus(d);
    expect(corpus.problems).toEqual([]);
    const fromJsonl = corpus.documents.filter((x) => x.articles.some((a) => a.sourceId !== undefined));
    expect(fromJsonl).toHaveLength(3);
    expect(corpus.documents.some((x) => x.title.includes('企业名称登记管理规定'))).toBe(true);
    const plain = await loadJsonlFiles(path.dirname(SAMPLE), [path.basename(SAMPLE)]);
    expect(fromJsonl.map((x) => x.text)).toEqual(plain.documents.map((x) => x.text));
  });

  it('accepts title/text as well as law/content, string ids and optional metadata', async () => {
    const d = mkdir('fields');
    const lines = [
      {
        id: 'a-1',
        title: '示例办法',
        article: '第一条',
        text: '为了规范示例管理，制定本办法。',
        docNo: '国发〔2024〕3号',
        issuer: '国务院',
        date: '2024-01-16',
        headings: ['第一章 总则'],
      },
      { id: 'a-2', title: '示例办法', article: '第二条', text: '第二条 本办法自公布之日起施行。' },
      { id: 'a-3', title: '示例办法', text: '附：有关说明。' },
    ];
    writeFileSync(path.join(d, 'a.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\r\n')}\r\n`);
    const corpus = await loadCorpus(d);
    expect(corpus.problems).toEqual([]);
    const [doc] = corpus.documents;
    expect(doc).toMatchObject({ title: '示例办法', docNo: '国发〔2024〕3号', issuer: '国务院', date: '2024-01-16' });
    expect(doc.articles.map((a) => [a.label, a.sourceId])).toEqual([
      ['第一条', 'a-1'],
      ['第二条', 'a-2'],
      ['正文', 'a-3'],
    ]);
    // A text that already starts with its label does not repeat it.
    expect(corpus.chunks.map((c) => c.text)).toEqual(['第一条\u3000为了规范示例管理，制定本办法。', '第二条 本办法自公布之日起施行。', '附：有关说明。']);
    expect(corpus.chunks[0].headingPath).toEqual(['第一章 总则']);
  });

  it('skips bad lines with file:line and keeps the rest', async () => {
    const d = mkdir('bad-lines');
    const good = SAMPLE_LINES.slice(0, 5);
    const body = [
      good[0],
      '{"id": 1, "law": "示例法"',
      good[1],
      '[1, 2, 3]',
      '{"law": "示例法", "content": "没有编号"}',
      '{"id": 2, "content": "没有标题"}',
      '{"id": 3, "law": "示例法", "content": "   "}',
      '{"id": 4, "law": "示例法", "article": 5, "content": "编号不是字符串"}',
      '',
      good[2],
      good[0],
      good[3],
      good[4],
    ].join('\n');
    writeFileSync(path.join(d, 'mixed.jsonl'), body);
    const corpus = await loadCorpus(d);
    const lines = corpus.problems.map((p) => [p.file, p.code]);
    expect(lines).toEqual([
      ['mixed.jsonl:2', 'bad_line'],
      ['mixed.jsonl:4', 'bad_line'],
      ['mixed.jsonl:5', 'bad_line'],
      ['mixed.jsonl:6', 'bad_line'],
      ['mixed.jsonl:7', 'bad_line'],
      ['mixed.jsonl:8', 'bad_line'],
      ['mixed.jsonl:11', 'bad_line'],
    ]);
    expect(corpus.problems[0].message).toMatch(/^mixed\.jsonl:2: invalid JSON/);
    expect(corpus.problems[2].message).toContain('missing "id"');
    expect(corpus.problems[3].message).toContain('missing "title" or "law"');
    expect(corpus.problems[6].message).toContain('duplicate id "2307" (first at mixed.jsonl:1)');
    expect(chunkSourceIds(corpus.documents, corpus.chunks).filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(corpus.documents.reduce((n, x) => n + x.articles.length, 0)).toBe(5);
  });

  it('reports bad files by name and indexes the others', async () => {
    const d = mkdir('bad-files');
    copyFileSync(SAMPLE, path.join(d, 'good.jsonl'));
    writeFileSync(path.join(d, 'empty.jsonl'), '');
    writeFileSync(path.join(d, 'blank.jsonl'), '\n\n  \n');
    writeFileSync(path.join(d, 'not-gzip.jsonl.gz'), readFileSync(SAMPLE));
    // A gzip file cut in the middle: its rows before the cut are not indexed either.
    const gz = gzipSync(readFileSync(SAMPLE));
    writeFileSync(path.join(d, 'truncated.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(path.join(d, 'prose.jsonl'), Array.from({ length: 30 }, (_, i) => `第${i}行 这不是 JSON`).join('\n'));
    writeFileSync(path.join(d, 'gbk.jsonl'), Buffer.concat(Array.from({ length: 25 }, () => Buffer.from('{"id":1,"law":"\xd6\xd0\xb9\xfa","content":"\xb7\xa8"}\n', 'latin1'))));
    const corpus = await loadCorpus(d);
    const byFile = Object.fromEntries(corpus.problems.map((p) => [p.file, p.code]));
    expect(byFile).toEqual({
      'blank.jsonl': 'empty',
      'empty.jsonl': 'empty',
      'gbk.jsonl': 'encoding',
      'not-gzip.jsonl.gz': 'unreadable',
      'prose.jsonl': 'no_documents',
      'truncated.jsonl.gz': 'unreadable',
    });
    expect(corpus.problems.find((p) => p.file === 'not-gzip.jsonl.gz')!.message).toContain('not a valid gzip file');
    expect(corpus.documents.reduce((n, x) => n + x.articles.length, 0)).toBe(SAMPLE_ROWS.length);
  });

  it('streams a 4 MB file in pieces, reporting progress in bytes', async () => {
    const seen: number[] = [];
    const big = path.join(dir, 'big.jsonl');
    // ~4 MB of distinct rows (the sample repeated under new ids).
    const lines: string[] = [];
    for (let k = 0; k < 200; k++) for (const r of SAMPLE_ROWS) lines.push(JSON.stringify({ ...r, id: `${k}-${r.id}`, law: `${r.law}（${k}）` }));
    writeFileSync(big, `${lines.join('\n')}\n`);
    const r = await readJsonlFile(big, 'big.jsonl', (b) => seen.push(b));
    expect(r.ok).toBe(true);
    expect(r.rows).toHaveLength(lines.length);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(readFileSync(big).length);
  });
});

describe('control characters', () => {
  it('escaped control characters are removed from every field; a raw one or a NUL byte skips the line with file:line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cewen-jsonl-ctl-'));
    try {
      writeFileSync(
        path.join(dir, 'ctl.jsonl'),
        `${JSON.stringify({ id: 'a1', title: '测试\u0007法', article: '第一条', text: '企业\u0000名称应当\u001b使用规范汉字。\n第二句\t保留。' })}\n` +
          `{"id":"a2","title":"测试法","article":"第二条","text":"正常\u0001的一条。"}\n` +
          `{"id":"a3","title":"测试法","article":"第三条","text":"含\u0000字节"}\n`,
      );
      const corpus = await loadCorpus(dir);
      expect(corpus.documents).toHaveLength(1);
      expect(corpus.documents[0].title).toBe('测试法');
      expect(corpus.documents[0].text).toContain('企业名称应当使用规范汉字。\n第二句\t保留。');
      const control = [...corpus.documents[0].text].filter((ch) => {
        const n = ch.codePointAt(0) ?? 0;
        return (n < 32 && n !== 9 && n !== 10) || n === 127;
      });
      expect(control).toEqual([]);
      expect(corpus.problems.map((p) => p.file)).toEqual(['ctl.jsonl:2', 'ctl.jsonl:3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
