/** Documents and articles from small fixtures cut from the corpus (see test/fixtures/corpus/README.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../embeddings/corpus/load-corpus.js';
import { splitArticles } from '../../embeddings/corpus/split-articles.js';
import { effectiveDateIn, validUntilIn } from '../../embeddings/corpus/split-documents.js';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';
import type { CorpusDocument } from '../../embeddings/types.js';
import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const fixture = (name: string) => readFileSync(`test/fixtures/corpus/${name}`, 'utf8');
const labels = (d: CorpusDocument) => d.articles.map((a) => a.label);
const articleText = (d: CorpusDocument, label: string) => {
  const a = d.articles.find((x) => x.label === label)!;
  return d.text.slice(a.start, a.end);
};

/** Paragraph ranges of a string, as the splitter receives them. */
function paras(text: string) {
  let pos = 0;
  return text.split('\n').map((t) => {
    const r = { text: t, start: pos, end: pos + t.length };
    pos += t.length + 1;
    return r;
  });
}

describe('a regulation published by an order (002)', () => {
  const r = splitText('regulation-734.txt', fixture('regulation-734.txt'));
  const order = r.documents[0];
  const reg = r.documents.find((d) => d.title === '企业名称登记管理规定')!;

  it('splits the order, the regulation and the interpretation after it', () => {
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.title)).toEqual([
      '中华人民共和国国务院令（企业名称登记管理规定）',
      '企业名称登记管理规定',
      '政策解读：“取名”更自主，市场有活力——司法部、市场监管总局负责人就修订后的《企业名称登记管理规定》答记者问',
    ]);
    expect(reg.parentId).toBe(order.id);
    expect(order.childIds).toEqual([reg.id]);
  });

  it('gives the regulation its 文号, issuer and dates', () => {
    expect(reg).toMatchObject({ docNo: '国务院令第734号', issuer: '国务院', date: '2020-12-28', effectiveDate: '2021-03-01' });
    // The interpretation quotes dates of the regulation; none of them are its own.
    expect(r.documents[2].date).toBeUndefined();
    expect(r.documents[2].docNo).toBeUndefined();
  });

  it('finds 第一条…第二十六条, with （一） enumerations kept inside their article', () => {
    expect(labels(reg)[0]).toBe('正文');
    expect(labels(reg).slice(1)).toHaveLength(26);
    expect(labels(reg)[1]).toBe('第一条');
    expect(labels(reg)[26]).toBe('第二十六条');
    const eleventh = articleText(reg, '第十一条');
    expect(eleventh).toMatch(/^第十一条 企业名称不得有下列情形：/);
    expect(eleventh).toContain('（九）法律、行政法规以及国家规定禁止的其他情形。');
    expect(articleText(reg, '第一条')).toBe('第一条 为了规范企业名称登记管理，保护企业的合法权益，维护社会经济秩序，优化营商环境，制定本规定。');
  });
});

describe('a notice that publishes measures (000, with its TOC)', () => {
  const r = splitText('notice-publishes-measures.txt', fixture('notice-publishes-measures.txt'));

  it('drops the cover and TOC, keeps the notice and the measures under their own titles', () => {
    expect(r.documents.map((d) => d.title)).toEqual([
      '国务院办公厅转发商务部科技部关于进一步鼓励外商投资设立研发中心若干措施的通知',
      '商务部、科技部关于进一步鼓励外商投资设立研发中心的若干措施',
    ]);
    expect(r.report.unplaced).toContain('内部资料');
    expect(r.documents.every((d) => !d.text.includes('目 录') && !/\t\d+/.test(d.text))).toBe(true);
    const [notice, measures] = r.documents;
    expect(notice).toMatchObject({ docNo: '国办函〔2023〕7号', issuer: '国务院办公厅', date: '2023-01-11' });
    expect(measures).toMatchObject({ docNo: '国办函〔2023〕7号', parentId: notice.id, date: '2023-01-11' });
    expect(notice.text).toMatch(/（此件公开发布）$/);
  });

  it('makes （一）…（十六） the articles and 一、…四、 their headings', () => {
    const measures = r.documents[1];
    const items = measures.articles.filter((a) => a.label.startsWith('（'));
    expect(items.map((a) => a.label)).toEqual(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'].map((n) => `（${n}）`));
    const tenth = measures.articles.find((a) => a.label === '（十）')!;
    expect(tenth.headingPath).toEqual(['三、鼓励引进海外人才']);
    expect(measures.text.slice(tenth.start, tenth.end)).toMatch(/^（十）提高海外人才在华工作便利度。/);
    expect(labels(measures).slice(0, 3)).toEqual(['正文', '一', '（一）']);
  });
});

describe('an opinion with 一、/（一） (004)', () => {
  const r = splitText('opinion-2024-3.txt', fixture('opinion-2024-3.txt'));

  it('separates 国办发〔2024〕3号 from 国发〔2024〕3号 that follows', () => {
    expect(r.documents.map((d) => d.docNo)).toEqual(['国办发〔2024〕3号', '国发〔2024〕3号']);
    const [a, b] = r.documents;
    expect(a.title).toBe('国务院办公厅关于促进即时配送行业高质量发展的指导意见');
    expect(a).toMatchObject({ issuer: '国务院办公厅', date: '2024-01-27' });
    expect(b.title).toBe('国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见');
    expect(b.issuer).toBe('国务院');
    // "（本文有删减）" closes the first document; it is not part of the next title.
    expect(a.text).toMatch(/（本文有删减）$/);
  });

  it('keeps the text under 一、总体要求 as an article of its own', () => {
    const a = r.documents[0];
    const first = a.articles.find((x) => x.label === '一')!;
    expect(first.headingPath).toEqual(['一、总体要求']);
    expect(a.text.slice(first.start, first.end)).toContain('以习近平新时代中国特色社会主义思想为指导');
  });
});

describe('numbered headings with dates, lines broken anywhere (001)', () => {
  const r = splitText('headings-with-dates.txt', fixture('headings-with-dates.txt'));

  it('finds the notice from its heading and the measures it publishes', () => {
    const [notice, measures] = r.documents;
    expect(notice.title).toBe('国务院印发关于在有条件的自由贸易试验区和自由贸易港试点对接国际高标准推进制度型开放若干措施的通知');
    expect(notice.date).toBe('2023-06-01');
    expect(notice.text).toContain('国发〔〕号');
    expect(measures.title).toBe('关于在有条件的自由贸易试验区和自由贸易港试点对接国际高标准推进制度型开放的若干措施');
    expect(measures.parentId).toBe(notice.id);
    expect(measures.text.split('\n')[1]).toMatch(/^推进高水平对外开放，实施自由贸易试验区提升战略/);
  });

  it('uses 1. items as articles under 一、 headings', () => {
    const measures = r.documents[1];
    const one = measures.articles.find((a) => a.label === '1.')!;
    expect(one.headingPath).toEqual(['一、推动货物贸易创新发展']);
    expect(measures.text.slice(one.start, one.end)).toMatch(/^1\.支持试点地区开展重点行业再制造产品进口试点。\n?相关进口产品不适用/);
  });
});

describe('one document in two compilations', () => {
  it('is merged across files and keeps both sources', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cewen-dup-'));
    try {
      copyFileSync('test/fixtures/corpus/duplicate-measures-000.txt', path.join(dir, 'a.txt'));
      copyFileSync('test/fixtures/corpus/duplicate-measures-001.txt', path.join(dir, 'b.txt'));
      const corpus = await loadCorpus(dir);
      expect(corpus.problems).toEqual([]);
      const measures = corpus.documents.filter((d) => d.title === '助力中小微企业稳增长调结构强能力若干措施');
      expect(measures).toHaveLength(1);
      expect(measures[0].docNo).toBe('工信部企业函〔2023〕4号');
      expect(measures[0].sources.map((s) => s.file).sort()).toEqual(['a.txt', 'b.txt']);
      // The two notices are worded differently but carry the same 文号: one document.
      const notices = corpus.documents.filter((d) => d.docNo === '工信部企业函〔2023〕4号' && !d.parentId);
      expect(notices).toHaveLength(1);
      expect(notices[0].sources).toHaveLength(2);
      expect(corpus.duplicatesMerged).toBe(2);
      expect(corpus.chunks.every((c) => corpus.documents.some((d) => d.id === c.docId))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('splitArticles on strings', () => {
  it('builds chapter paths and reads 第一百二十三条', () => {
    const text = ['某某条例', '第一章 总则', '第一条 为了规范管理，制定本条例。', '第二节 细则', '第一百二十三条 本条例自公布之日起施行。'].join('\n');
    const arts = splitArticles('d', paras(text), text.length, 1);
    expect(arts.map((a) => [a.label, a.headingPath])).toEqual([
      ['正文', []],
      ['第一章', ['第一章 总则']],
      ['第一条', ['第一章 总则']],
      ['第二节', ['第一章 总则', '第二节 细则']],
      ['第一百二十三条', ['第一章 总则', '第二节 细则']],
    ]);
  });

  it('does not start an article at a 第X条 quoted at the start of a paragraph', () => {
    const text = ['某某办法', '第一条 适用范围。', '第二条 违反本办法的，依法处理：', '（一）第一条规定的情形；', '第三条规定的期限不适用本条。'].join('\n');
    const arts = splitArticles('d', paras(text), text.length, 1);
    expect(arts.map((a) => a.label)).toEqual(['正文', '第一条', '第二条']);
  });

  it('starts a new numbering at an annex', () => {
    const text = ['某某通知', '一、工作要求', '（一）做好准备。', '附件1', '重点任务清单', '一、任务', '（一）第一项。'].join('\n');
    const arts = splitArticles('d', paras(text), text.length, 1);
    expect(arts.map((a) => [a.label, a.headingPath.join(' > ')])).toEqual([
      ['正文', ''],
      ['一', '一、工作要求'],
      ['（一）', '一、工作要求'],
      ['附件1', '附件1 重点任务清单'],
      ['一', '附件1 重点任务清单 > 一、任务'],
      ['（一）', '附件1 重点任务清单 > 一、任务'],
    ]);
    // Articles tile the text after the title.
    for (let i = 1; i < arts.length; i++) expect(arts[i].start).toBe(arts[i - 1].end + 1);
  });
});

describe('dates in the text', () => {
  it('takes the effective date the document states about itself, not a quoted one', () => {
    expect(effectiveDateIn('依据《某办法》（自2019年1月1日起施行）。\n第九条 本办法自2024年1月1日起施行。')).toBe('2024-01-01');
    expect(effectiveDateIn('《企业名称登记管理规定》已经国务院常务会议修订通过，现予公布，自2021年3月1日起施行。')).toBe('2021-03-01');
    expect(effectiveDateIn('本通知自印发之日起施行。', '2024-05-01')).toBe('2024-05-01');
    expect(effectiveDateIn('《中华人民共和国城市维护建设税法》已于2020年8月11日通过，自2021年9月1日起施行。')).toBeUndefined();
  });

  it('computes the end of validity', () => {
    expect(validUntilIn('本意见自2023年7月1日起施行，有效期5年。', '2023-07-01')).toBe('2028-06-30');
    expect(validUntilIn('本公告执行至2027年12月31日。')).toBe('2027-12-31');
    expect(validUntilIn('四、本公告执行期限为2021年1月1日至2022年12月31日。')).toBe('2022-12-31');
    expect(validUntilIn('本办法实施期限截至2025年12月31日。')).toBe('2025-12-31');
    expect(validUntilIn('政策执行期限：2024年1月1日—2025年6月30日')).toBe('2025-06-30');
    expect(validUntilIn('上述政策延续至2027年12月。')).toBe('2027-12');
    expect(validUntilIn('本方案自印发之日起施行，有效期三年。', '2024-03-15')).toBe('2027-03-14');
  });

  it('does not take the term of a licence or certificate for the document’s', () => {
    expect(validUntilIn('食品经营许可证有效期为5年。', '2023-01-01')).toBeUndefined();
    expect(validUntilIn('第十条 证书有效期三年。有效期届满需要延续的，应当申请。', '2023-01-01')).toBeUndefined();
    expect(validUntilIn('企业名称保留期为2个月。')).toBeUndefined();
    // The sentence about the document itself wins over one about something else.
    expect(validUntilIn('许可证有效期至2030年1月1日。\n第二十条 本办法自2023年1月1日起施行，有效期至2027年12月31日。')).toBe('2027-12-31');
  });
});

describe('a regulation printed inside another document without a TOC entry or 文号 (002)', () => {
  const split = (name: string) => splitText(name, readFileSync(`test/fixtures/split/${name}`, 'utf8'));

  it('starts a document of its own at its title, its co-issuers as issuer, not under the notice before it', () => {
    const r = split('embedded-regulation.txt');
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.title)).toEqual(['社会资本投资农业农村指引', '网络直播营销管理办法（试行）']);
    const [notice, reg] = r.documents;
    expect(reg.issuer).toMatch(/^国家互联网信息办公室、公安部、商务部/);
    expect(reg.docNo).toBeUndefined(); // not the notice's 农办计财〔2021〕15号
    expect(reg.parentId).toBeUndefined();
    expect(labels(reg)).toContain('第一章');
    expect(notice.text).not.toContain('网络直播');
    expect(reg.text).toContain('第一条 为加强网络直播营销管理');
  });

  it('makes a regulation announced just above it the child of the announcement, not of the notice before', () => {
    const r = split('announced-regulation.txt');
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.title)).toEqual([
      '中国人民银行 国家外汇管理局关于支持新型离岸国际贸易发展有关问题的通知',
      '中国人民银行发布《动产和权利担保统一登记办法》',
      '动产和权利担保统一登记办法',
    ]);
    const [notice, announcement, reg] = r.documents;
    expect(reg.parentId).toBe(announcement.id);
    expect(announcement.issuer).toBe('中国人民银行');
    expect(notice.text).not.toContain('动产和权利担保统一登记办法');
    expect(reg.text).toContain('第一章');
  });
});
