/**
 * A question naming a regulation by title is answered from that regulation, and extracts keep whole
 * sentences across PDF line wraps. Text: 《企业名称登记管理规定》第十六条 and 第二十四条 as extracted in
 * data/corpus/000_802860970c280f04.txt (line breaks as in the file); titles of documents in that corpus.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../embeddings/types.js';
import { TitleIndex } from '../../server/retrieval/named-title.js';
import { extractiveAnswer, unwrapLines } from '../../server/answer/extractive-model.js';
import { TermStats } from '../../embeddings/text/terms.js';
import type { GivenSource } from '../../server/answer/types.js';

const doc = (id: string, title: string): DocumentMeta => ({ id, title, sources: [] }) as DocumentMeta;
const regulation = doc('reg', '企业名称登记管理规定');
const interpretation = doc('qa', '政策解读：“取名”更自主，市场有活力——司法部、市场监管总局负责人就修订后的《企业名称登记管理规定》答记者问');
const rules = doc('impl', '企业名称登记管理实施办法');

const ART16 =
  '第十六条 企业名称由申请人自主申报。\n申请人可以通过企业名称申报系统或者在企业登记机关服务窗\n口提交有关信息和材料，对拟定的企业名称进行查询、比对和筛选，选取符合本规定要求的企业名称。';
const ART24 = '第二十四条 申请人登记或者使用企业名称违反本规定的，依\n照企业登记相关法律、行政法规的规定予以处罚。\n企业登记机关对不符合本规定的企业名称予以登记，或者对符';

describe('documents named by title', () => {
  const index = new TitleIndex([regulation, interpretation, rules]);

  it('matches the exact title, not the interpretation or the 实施办法 that contain its words', () => {
    expect(index.named('企业名称登记管理规定对企业名称有哪些要求？').map((d) => d.id)).toEqual(['reg']);
    expect(index.named('《企业名称登记管理规定》第四条说了什么').map((d) => d.id)).toEqual(['reg']);
    expect(index.named('企业名称登记管理实施办法怎么规定名称争议').map((d) => d.id)).toEqual(['impl']);
    expect(index.named('公司名字能带中国吗')).toEqual([]);
  });
});

describe('whole sentences in extractive answers', () => {
  it('joins a sentence broken by a PDF line wrap and keeps real line ends', () => {
    const text = unwrapLines(ART16);
    expect(text).toContain('服务窗 口提交');
    expect(text.split('\n')).toHaveLength(2);
  });

  it('never cites a sentence cut off by the chunk end', () => {
    const src = (n: number, text: string, label: string): GivenSource =>
      ({ n, doc: regulation, score: 1, chunk: { id: `reg:${n}:0`, docId: 'reg', articleId: `a${n}`, label, headingPath: [], text, start: 0, end: text.length } }) as GivenSource;
    const sources = [src(1, ART16, '第十六条'), src(2, ART24, '第二十四条')];
    const stats = TermStats.fromTexts([ART16, ART24, '企业名称登记', '申请人 企业登记机关']);
    const answer = extractiveAnswer('企业名称申报系统和企业登记机关对企业名称登记有哪些规定？', sources, stats).join('');
    expect(answer).toContain('服务窗口提交有关信息和材料');
    expect(answer).not.toContain('或者对符');
    for (const part of answer.split(/\[\d+\]/).filter((p) => p.trim())) expect(part.trim()).toMatch(/[。；：]$/);
  });
});
