/**
 * The document readers an upload uses (embeddings/corpus/readers/): the same contract for each — a file
 * of its format gives its text, a file that is not gives UnreadableDocumentError naming it — then what
 * each does for Chinese policy documents: PDF (Chromium-printed, Kangxi radicals, no text layer, page
 * furniture), Word, HTML, text; and readUpload, which splits like the bundled corpus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReader, htmlToText } from '../../embeddings/corpus/readers/html-reader.js';
import { withoutPageFurniture } from '../../embeddings/corpus/readers/pdf-reader.js';
import { UnreadableDocumentError, type DocumentReader } from '../../embeddings/corpus/readers/reader-types.js';
import { DOCUMENT_READERS, readerFor } from '../../embeddings/corpus/readers/readers.js';
import { readUpload } from '../../embeddings/corpus/upload.js';
import { foldRadicals } from '../../embeddings/text/normalize.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/uploads');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A file of each reader's format, and a phrase its text must hold. */
const SAMPLES: Record<string, { file: string; bytes: () => Uint8Array; holds: string }> = {
  text: { file: 'a.txt', bytes: () => utf8('关于测试的通知\n一、本通知自印发之日起施行。'), holds: '本通知自印发之日起施行' },
  html: { file: 'a.html', bytes: () => utf8('<html><body><h1>关于测试的通知</h1><p>一、本通知自印发之日起施行。</p></body></html>'), holds: '本通知自印发之日起施行' },
  docx: { file: 'childcare-measures.docx', bytes: () => fixture('childcare-measures.docx'), holds: '按每个托位一次性给予5000元建设补助' },
  pdf: { file: 'elderly-care-stations.pdf', bytes: () => fixture('elderly-care-stations.pdf'), holds: '3000元建设补贴' },
};

describe.each(DOCUMENT_READERS.map((r) => [r.name, r] as [string, DocumentReader]))('document reader contract: %s', (name, reader) => {
  it('is found by each of its endings', () => {
    for (const ext of reader.extensions) expect(readerFor(`文件${ext.toUpperCase()}`)).toBe(reader);
  });

  it('reads a file of its format to text', async () => {
    const sample = SAMPLES[name];
    const text = await reader.read(sample.bytes(), sample.file);
    expect(foldRadicals(text).replace(/\s/g, '')).toContain(sample.holds);
  });

  it('refuses bytes that are not its format, naming the file', async () => {
    const garbage = new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8]);
    const err = await reader.read(garbage, `坏文件${reader.extensions[0]}`).catch((e) => e);
    expect(UnreadableDocumentError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain(`坏文件${reader.extensions[0]}`);
  });
});

describe('PDF', () => {
  it('says a PDF without a text layer is probably a scan', async () => {
    const err = await readerFor('x.pdf')!
      .read(fixture('scanned-no-text.pdf'), 'scan.pdf')
      .catch((e) => e);
    expect((err as Error).message).toMatch(/scan\.pdf：PDF 中没有可提取的文字.*扫描件/);
  });

  it('drops running headers, footers and page numbers, and keeps the text', () => {
    const page = (n: number, body: string) => ['示范市人民政府文件', body, `- ${n} -`];
    const lines = withoutPageFurniture([page(1, '第一条 甲。'), page(2, '第二条 乙。'), page(3, '第三条 丙。')]);
    expect(lines).toEqual(['第一条 甲。', '第二条 乙。', '第三条 丙。']);
  });

  it('gives Kangxi radicals as Chromium prints them, and the cleaner folds them', async () => {
    const text = await readerFor('x.pdf')!.read(fixture('elderly-care-stations.pdf'), 'x.pdf');
    expect(text).toMatch(/[\u2f00-\u2fdf]/);
    expect(foldRadicals('⼀、⽀持⺠营')).toBe('一、支持民营');
  });
});

describe('HTML', () => {
  it('keeps the body text a block a line, drops scripts, styles and navigation, decodes entities', () => {
    const html = `<html><head><title>t</title><style>p{}</style></head><body><nav>首页 &gt; 政策</nav>
      <h1>关于测试的通知</h1><script>alert(1)</script><p>一、补贴&nbsp;3000&#20803;。</p><div>二、&ldquo;一件事&rdquo;办理。</div><footer>版权所有</footer></body></html>`;
    expect(htmlToText(html)).toBe('关于测试的通知\n一、补贴 3000元。\n二、“一件事”办理。');
  });

  it('refuses a page with no text', async () => {
    await expect(htmlReader.read(utf8('<html><body><script>x</script></body></html>'), 'empty.html')).rejects.toThrow(/empty\.html/);
  });
});

describe('readUpload', () => {
  it('splits like the bundled corpus: title from the document, articles, dates, chunks', async () => {
    const { documents, chunks } = await readUpload('childcare-measures.docx', fixture('childcare-measures.docx'));
    expect(documents).toHaveLength(1);
    const [d] = documents;
    expect(d.title).toBe('关于鼓励发展社区托育服务的实施办法');
    expect(d.articles.map((a) => a.label)).toEqual(['正文', '第一条', '第二条', '第三条', '第四条']);
    expect(d.effectiveDate).toBe('2026-03-01');
    expect(d.validUntil).toBe('2031-02-28');
    expect(chunks.every((c) => c.docId === d.id && d.text.slice(c.start, c.end) === c.text)).toBe(true);
  });

  it('reads a JSONL file of articles, and refuses it whole for one bad line, with the line number', async () => {
    const good = '{"id":1,"title":"测试办法","label":"第一条","text":"第一条 为了测试，制定本办法。"}\n';
    const { documents } = await readUpload('a.jsonl', utf8(good));
    expect(documents.map((d) => d.title)).toEqual(['测试办法']);
    await expect(readUpload('b.jsonl', utf8(`${good}{"id":2}\nnot json\n`))).rejects.toThrow(/b\.jsonl：第 2 行.*第 3 行不是 JSON/);
  });

  it('refuses a type it does not read, saying which it does', async () => {
    await expect(readUpload('表格.xlsx', utf8('x'))).rejects.toThrow(/表格\.xlsx：不支持这种文件类型。可以上传 .*\.pdf/);
  });
});
