/**
 * The corpus pipeline on the real bundled corpus (data/corpus) and on bad input in a temp folder.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_MAX_CHARS } from '../../embeddings/chunk.js';
import { documentCoverage } from '../../embeddings/corpus/coverage.js';
import { loadCorpus, type CorpusWithReport } from '../../embeddings/corpus/load-corpus.js';
import { parseChineseNumber } from '../../embeddings/text/numerals.js';
import type { Chunk } from '../../embeddings/types.js';

const CORPUS_DIR = path.resolve('data/corpus');
const FILES = ['000_802860970c280f04.txt', '001_2ee187c3b91e098d.txt', '002_9c1ae6a01c93274d.txt', '003_c9c405d6b5ff2e4e.txt', '004_4009ee4a0165607f.txt'];

/** A line of a table of contents: a title followed by dot leaders or a tab and a page number. */
const TOC_LINE_RE = /(\.{6,}|…{3,}|·{4,}|\t)\s*\d{1,4}\s*(\n|$)/;

describe('loadCorpus on the bundled corpus', () => {
  let corpus: CorpusWithReport;
  let chunksByDoc: Map<string, Chunk[]>;

  beforeAll(async () => {
    corpus = await loadCorpus(CORPUS_DIR);
    chunksByDoc = new Map();
    for (const c of corpus.chunks) chunksByDoc.set(c.docId, [...(chunksByDoc.get(c.docId) ?? []), c]);
  });

  it('reads all five files without problems and finds documents in each', () => {
    expect(corpus.problems).toEqual([]);
    expect(corpus.reports.map((r) => r.file)).toEqual(FILES);
    for (const file of FILES) {
      const docs = corpus.documents.filter((d) => d.sources.some((s) => s.file === file));
      expect(docs.length, file).toBeGreaterThan(10);
    }
  });

  it('every chunk slices back out of its document, is non-empty and within the limit', () => {
    const docs = new Map(corpus.documents.map((d) => [d.id, d]));
    expect(corpus.chunks.length).toBeGreaterThan(1000);
    for (const c of corpus.chunks) {
      const doc = docs.get(c.docId)!;
      expect(doc, c.id).toBeDefined();
      expect(c.text).toBe(doc.text.slice(c.start, c.end));
      expect(c.text.trim().length, c.id).toBeGreaterThan(0);
      expect(c.text.length, c.id).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
      expect(
        doc.articles.some((a) => a.id === c.articleId),
        c.id,
      ).toBe(true);
    }
  });

  it('ids are unique', () => {
    expect(new Set(corpus.documents.map((d) => d.id)).size).toBe(corpus.documents.length);
    expect(new Set(corpus.chunks.map((c) => c.id)).size).toBe(corpus.chunks.length);
  });

  it('no chunk is table-of-contents text', () => {
    for (const c of corpus.chunks) expect(TOC_LINE_RE.test(c.text), `${c.id}: ${c.text.slice(0, 80)}`).toBe(false);
    // These spellings occur only in the table of contents of 000.
    for (const tocOnly of ['国办函（2023）7号', '国发（2023）11号', '国办发（2023）29号']) {
      expect(corpus.chunks.filter((c) => c.text.includes(tocOnly))).toEqual([]);
    }
    expect(corpus.reports.find((r) => r.file === FILES[0])!.tocLines).toBeGreaterThan(100);
    // 002 and 004 have no table of contents: no line of them may be taken for one (body lines that
    // end in a number, "…补贴 7000", and tab-separated tables once were).
    expect(corpus.reports.find((r) => r.file === FILES[2])!.tocLines).toBe(0);
    expect(corpus.reports.find((r) => r.file === FILES[4])!.tocLines).toBe(0);
    const table = corpus.chunks.find((c) => c.text.includes('中部和东北地区'));
    expect(table?.text).toMatch(/10000/);
    expect(corpus.chunks.some((c) => c.text.includes('国三及以下排放标准燃油乘用车是指在2011年6月30日前注册登记的汽油乘用车'))).toBe(true);
  });

  it('at least 99% of every document body lands in a chunk', () => {
    for (const d of corpus.documents) {
      expect(documentCoverage(d, chunksByDoc.get(d.id) ?? []), d.title).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('finds 企业名称登记管理规定 (国务院令第734号) with 第一条…第二十六条 in order', () => {
    const doc = corpus.documents.find((d) => d.title === '企业名称登记管理规定');
    expect(doc).toBeDefined();
    expect(doc!.docNo).toBe('国务院令第734号');
    expect(doc!.issuer).toBe('国务院');
    expect(doc!.date).toBe('2020-12-28');
    expect(doc!.effectiveDate).toBe('2021-03-01');
    const numbered = doc!.articles.filter((a) => /^第.+条$/.test(a.label));
    expect(numbered.map((a) => parseChineseNumber(a.label.slice(1, -1)))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const eighth = numbered[7];
    expect(doc!.text.slice(eighth.start, eighth.end)).toContain('企业名称中的字号应当由两个以上汉字组成');
    // The order that publishes it is its parent.
    const parent = corpus.documents.find((d) => d.id === doc!.parentId);
    expect(parent?.childIds).toContain(doc!.id);
    expect(parent?.docNo).toBe('国务院令第734号');
  });

  it('finds 国办发〔2024〕3号 with its title, date and （一） items under 一、 headings', () => {
    const doc = corpus.documents.find((d) => d.docNo === '国办发〔2024〕3号');
    expect(doc?.title).toBe('国务院办公厅关于促进即时配送行业高质量发展的指导意见');
    expect(doc!.date).toBe('2024-01-27');
    expect(doc!.issuer).toBe('国务院办公厅');
    const item = doc!.articles.find((a) => a.label === '（一）');
    expect(item?.headingPath).toEqual(['二、增强即时配送行业服务和带动能力']);
    expect(doc!.text.slice(item!.start, item!.end)).toMatch(/^（一）充分发挥供需衔接与促进作用/);
  });

  it('merges a document printed in two compilations and keeps both sources', () => {
    const doc = corpus.documents.find((d) => d.title === '助力中小微企业稳增长调结构强能力若干措施');
    expect(doc).toBeDefined();
    expect(doc!.docNo).toBe('工信部企业函〔2023〕4号');
    const files = doc!.sources.map((s) => s.file);
    expect(files).toContain(FILES[0]);
    expect(files).toContain(FILES[1]);
    expect(corpus.documents.filter((d) => d.title === doc!.title)).toHaveLength(1);
    expect(corpus.duplicatesMerged).toBeGreaterThan(0);
    // A source range points at the document's text in the cleaned file.
    expect(doc!.sources.every((s) => s.end > s.start)).toBe(true);
  });

  it('merges copies whose issuers are named differently, but not a news item that quotes a 文号', () => {
    // 000 names the issuers "…科技部…", 003 "…科学技术部…": same subject, same day, no 文号.
    const trainee = corpus.documents.filter((d) => d.title.includes('进一步推进实施百万就业见习岗位募集计划的通知'));
    expect(trainee).toHaveLength(1);
    expect(trainee[0].sources.map((s) => s.file).sort()).toEqual([FILES[0], FILES[3]]);
    // 002 prints a news item under 财建〔2021〕2号 before the notice itself: two documents.
    const twoNo = corpus.documents.filter((d) => d.docNo === '财建〔2021〕2号');
    expect(twoNo.map((d) => d.title).sort()).toEqual([
      '财政部 工业和信息化部关于支持“专精特新”中小企业高质量发展的通知',
      '财政部、工业和信息化部联合印发《关于支持“专精特新”中小企业高质量发展的通知》',
    ]);
  });

  it('gives a notice that publishes two texts two children', () => {
    const notice = corpus.documents.find((d) => d.docNo === '国市监办发〔2023〕36号' && !d.parentId)!;
    const titles = notice.childIds!.map((id) => corpus.documents.find((d) => d.id === id)!.title);
    expect(titles).toEqual(['市场监管行业标准管理办法', '市场监管行业标准制定管理实施细则']);
  });

  it('finds a text printed between its notice and the notice signature', () => {
    const notice = corpus.documents.find((d) => d.docNo === '国办发〔2024〕15号' && !d.parentId)!;
    const plan = corpus.documents.find((d) => d.parentId === notice.id)!;
    expect(plan.title).toBe('统筹融资信用服务平台建设提升中小微企业融资便利水平实施方案');
    expect(notice.date).toBe('2024-03-28');
    expect(notice.text).not.toContain('一、总体要求');
    expect(plan.articles.some((a) => a.label === '一')).toBe(true);
  });

  it('links every published text and its notice both ways', () => {
    const byId = new Map(corpus.documents.map((d) => [d.id, d]));
    const children = corpus.documents.filter((d) => d.parentId);
    expect(children.length).toBeGreaterThan(50);
    for (const d of children) expect(byId.get(d.parentId!)?.childIds, d.title).toContain(d.id);
    for (const d of corpus.documents) for (const c of d.childIds ?? []) expect(byId.get(c)?.parentId, d.title).toBe(d.id);
  });

  it('keeps a notice and the text it publishes under their own titles', () => {
    const notice = corpus.documents.find((d) => d.docNo === '国办函〔2023〕7号' && !d.parentId);
    const measures = corpus.documents.find((d) => d.title === '商务部、科技部关于进一步鼓励外商投资设立研发中心的若干措施');
    expect(notice?.title).toBe('国务院办公厅转发商务部科技部关于进一步鼓励外商投资设立研发中心若干措施的通知');
    expect(measures?.parentId).toBe(notice!.id);
    expect(notice!.childIds).toContain(measures!.id);
    expect(measures!.articles.filter((a) => /^（.+）$/.test(a.label))).toHaveLength(16);
  });

  it('gives the same ids on a second run', async () => {
    const again = await loadCorpus(CORPUS_DIR);
    expect(again.documents.map((d) => d.id)).toEqual(corpus.documents.map((d) => d.id));
    expect(again.chunks.map((c) => c.id)).toEqual(corpus.chunks.map((c) => c.id));
  });
});

describe('loadCorpus on bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cewen-corpus-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each bad file by name and still loads the good ones', async () => {
    writeFileSync(path.join(dir, 'a-empty.txt'), '');
    writeFileSync(path.join(dir, 'b-blank.txt'), '\n  \n\t\n');
    writeFileSync(path.join(dir, 'c-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
    // "国务院办公厅" encoded as GBK: not valid UTF-8.
    writeFileSync(path.join(dir, 'd-gbk.txt'), Buffer.from('b9fad4bbd4bab0ecb9abccfc0a', 'hex'));
    writeFileSync(path.join(dir, 'd-utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('国务院办公厅\n', 'utf16le')]));
    writeFileSync(path.join(dir, 'e-plain.md'), '这是一段没有标题和文号的说明文字。\n\n它只有两句话，也应当被索引。\n');
    writeFileSync(path.join(dir, 'f-good.txt'), readFileSync('test/fixtures/corpus/opinion-2024-3.txt'));
    writeFileSync(path.join(dir, 'notes.json'), '{}');

    const corpus = await loadCorpus(dir);
    const byFile = new Map(corpus.problems.map((p) => [p.file, p]));
    expect(byFile.get('a-empty.txt')?.code).toBe('empty');
    expect(byFile.get('b-blank.txt')?.code).toBe('empty');
    expect(byFile.get('c-binary.txt')?.code).toBe('binary');
    expect(byFile.get('d-gbk.txt')?.code).toBe('encoding');
    expect(byFile.get('d-utf16.txt')?.code).toBe('encoding');
    expect(byFile.get('d-utf16.txt')?.message).toContain('UTF-16');
    expect(byFile.get('e-plain.md')?.code).toBe('no_documents');
    for (const p of corpus.problems) expect(p.message).toContain(p.file);
    expect(byFile.has('f-good.txt')).toBe(false);
    expect(byFile.has('notes.json')).toBe(false);

    // The file with no recognisable documents is indexed as one document named after the file.
    const plain = corpus.documents.find((d) => d.sources[0].file === 'e-plain.md');
    expect(plain?.title).toBe('e-plain');
    expect(corpus.chunks.some((c) => c.docId === plain!.id && c.text.includes('也应当被索引'))).toBe(true);
    // The good file is complete.
    expect(corpus.documents.find((d) => d.docNo === '国办发〔2024〕3号')).toBeDefined();
  });

  it('reports a folder that does not exist instead of throwing', async () => {
    const corpus = await loadCorpus(path.join(dir, 'missing'));
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems[0].code).toBe('unreadable');
  });

  it('loads a 50 MB file read in pieces', async () => {
    const big = path.join(dir, 'big.txt');
    // One whole document: 国办发〔2024〕3号 up to its closing remark.
    const fixture = readFileSync('test/fixtures/corpus/opinion-2024-3.txt', 'utf8');
    const template = fixture.slice(0, fixture.indexOf('（本文有删减）') + '（本文有删减）'.length) + '\n';
    const pieces: string[] = [];
    let bytes = 0;
    let copies = 0;
    for (let n = 0; bytes < 50 * 1024 * 1024; n++, copies++) {
      // Every copy a distinct document (its own 文号), so nothing is merged away.
      const piece = template.replace('国办发〔2024〕3号', `国办发〔2024〕${1000 + n}号`);
      pieces.push(piece);
      bytes += Buffer.byteLength(piece);
    }
    writeFileSync(big, pieces.join('\n'));
    pieces.length = 0;

    const corpus = await loadCorpus(dir, { files: ['big.txt'] });
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.length).toBe(copies);
    expect(corpus.documents[copies - 1].docNo).toBe(`国办发〔2024〕${1000 + copies - 1}号`);
    const docs = new Map(corpus.documents.map((d) => [d.id, d]));
    for (let i = 0; i < corpus.chunks.length; i += 997) {
      const c = corpus.chunks[i];
      expect(c.text).toBe(docs.get(c.docId)!.text.slice(c.start, c.end));
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
    }
    // A bound far above what the pipeline needs (about 6x the file) that a runaway copy would break.
    expect(process.memoryUsage().heapUsed).toBeLessThan(1.5e9);
  });
});
