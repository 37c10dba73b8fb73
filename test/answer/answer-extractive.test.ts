/**
 * The extractive model on fixture chunks: which sentences it picks, how it names sources, lists kept
 * with their lead-in, a document named by 文号 preferred; and the must-match terms of refusal.
 */
import { describe, expect, it } from 'vitest';
import { givenSources } from '../../server/answer/create-answerer.js';
import { documentName, extractiveAnswer, isBoilerplate, labelPrefix, selectSentences, sourcePrefix, tidy } from '../../server/answer/extractive-model.js';
import { mustMatchTerms } from '../../embeddings/text/analyze-question.js';
import { parseMarkers, splitSentences } from '../../server/answer/sentences.js';
import type { GivenSource } from '../../server/answer/types.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
const meta = (id: string) => fx.store.listDocuments().find((d) => d.id === id)!;
async function sources(question: string): Promise<GivenSource[]> {
  return givenSources((await fx.retriever.search(question, 8)).hits, 5);
}

describe('extractive answers', () => {
  it('picks 1–3 sentences, each ending with the [n] of its source, quoting the corpus verbatim', async () => {
    for (const q of ['企业名称由哪些部分组成？', '外商投资企业可以参与政府采购吗？', '小型微利企业所得税预缴是按月还是按季度？']) {
      const src = await sources(q);
      const pieces = extractiveAnswer(q, src, fx.stats);
      const sentences = splitSentences(pieces.join(''), { semicolons: false });
      expect(sentences.length, q).toBeGreaterThanOrEqual(1);
      expect(sentences.length, q).toBeLessThanOrEqual(3);
      for (const s of sentences) {
        const [n] = parseMarkers(s.text);
        const given = src.find((x) => x.n === n)!;
        const chunk = given.chunk;
        // The source's name and label, as the answer introduces it (whole, or the label alone after the same document).
        const text = s.text.replace(/\[\d+\]$/, '');
        const prefix = [sourcePrefix(given), labelPrefix(given)].find((p) => text.startsWith(p)) ?? '';
        const body = text.slice(prefix.length);
        expect(tidy(chunk.text).replace(/\s/g, ''), s.text).toContain(body.replace(/\s/g, ''));
      }
    }
  });

  it('names each document once, before its first sentence, and a later article by its label', async () => {
    const q = '企业名称由哪些部分组成？';
    const text = extractiveAnswer(q, await sources(q), fx.stats).join('');
    expect(text.startsWith('《企业名称登记管理规定》')).toBe(true);
    expect(text.match(/《企业名称登记管理规定》/g)).toHaveLength(1);
    expect(text).toMatch(/第六条：企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。\[/);
  });

  it('leads with a rule in force when it says nearly as much as an expired one, quoting the expired one after it', () => {
    const base = fx.chunks.find((c) => c.docId === 'fx-smallbiz-tax')!;
    const source = (n: number, id: string, text: string, historical?: boolean): GivenSource => ({
      n,
      chunk: { ...base, id: `${id}:0:0`, docId: id, label: '一', text },
      doc: { ...meta('fx-smallbiz-tax'), id, title: id === 'old' ? '关于实施小微企业所得税优惠政策的公告' : '关于进一步支持小微企业发展有关税费政策的公告' },
      score: 1,
      ...(historical ? { historical } : {}),
    });
    const q = '小型微利企业的企业所得税怎么算？';
    const old = source(1, 'old', '一、对小型微利企业年应纳税所得额不超过100万元的部分，减按12.5%计入应纳税所得额，按20%的税率缴纳企业所得税。');
    const current = source(2, 'new', '一、对小型微利企业减按25%计算应纳税所得额，按20%的税率缴纳企业所得税政策，延续执行至2027年12月31日。');
    expect(selectSentences(q, [old, current], fx.stats)[0].src.doc.id).toBe('old');
    const picked = selectSentences(q, [{ ...old, historical: true }, current], fx.stats);
    expect(picked[0].src.doc.id).toBe('new');
    expect(picked.map((c) => c.src.doc.id)).toContain('old');
  });

  it('leaves out lines that address, announce or sign a document', () => {
    expect(isBoilerplate('各省、自治区、直辖市和计划单列市财政厅（局），国家税务总局各省、自治区、直辖市和计划单列市税务局：')).toBe(true);
    expect(isBoilerplate('为进一步支持小微企业发展，现将有关事项公告如下：')).toBe(true);
    expect(isBoilerplate('特此公告。')).toBe(true);
    expect(isBoilerplate('财政部 税务总局 2023年8月2日')).toBe(true);
    expect(isBoilerplate('本公告执行至2027年12月31日。')).toBe(false);
    expect(isBoilerplate('对小型微利企业减按25%计算应纳税所得额，按20%的税率缴纳企业所得税。')).toBe(false);
  });

  it('formats the source as users cite it', () => {
    const src = (docId: string, label: string): GivenSource => ({ n: 1, chunk: fx.chunks.find((c) => c.docId === docId && c.label === label)!, doc: meta(docId), score: 1 });
    expect(sourcePrefix(src('fx-name-rules', '第八条'))).toBe('《企业名称登记管理规定》第八条：');
    // A name still long without its issuers gives way to the 文号: the citation under the answer has the full title.
    expect(sourcePrefix(src('fx-foreign-invest', '（六）'))).toBe(`${meta('fx-foreign-invest').docNo}（六）`);
    expect(sourcePrefix(src('fx-smallbiz-tax', '一'))).toBe(`${meta('fx-smallbiz-tax').docNo}一、`);
    expect(sourcePrefix(src('fx-smallbiz-tax', '正文'))).toBe(`${meta('fx-smallbiz-tax').docNo}：`);
  });

  it('names a document as official writing cites it, the full title staying in the citation', () => {
    const doc = (title: string, docNo?: string) => ({ ...meta('fx-name-rules'), title, docNo });
    expect(documentName(doc('中华人民共和国国务院令第765号（社会保险经办条例）', '国务院令第765号'))).toBe('《社会保险经办条例》');
    expect(documentName(doc('人力资源社会保障部 财政部关于延续实施失业保险援企稳岗政策的通知', '人社部发〔2024〕40号'))).toBe('《关于延续实施失业保险援企稳岗政策的通知》');
    expect(documentName(doc('国务院关于深化“证照分离”改革进一步激发市场主体发展活力的通知', '国发〔2021〕7号'))).toBe('国发〔2021〕7号');
    // Without a 文号, the shortened title however long.
    expect(documentName(doc('国务院关于深化“证照分离”改革进一步激发市场主体发展活力的通知'))).toBe('《关于深化“证照分离”改革进一步激发市场主体发展活力的通知》');
  });

  it('keeps a list with its lead-in', async () => {
    const q = '企业名称不得有哪些情形？';
    const picked = selectSentences(q, await sources(q), fx.stats);
    const list = picked.find((c) => c.text.startsWith('企业名称不得有下列情形：'))!;
    expect(list.text).toContain('（一）损害国家尊严或者利益；');
    expect(list.text).toContain('（九）法律、行政法规以及国家规定禁止的其他情形。');
  });

  it('answers "国发〔2023〕11号是什么文件" from the document with that 文号, whatever the brackets', async () => {
    const q = '国发(2023)11 号是什么文件？';
    const picked = selectSentences(q, await sources('外商投资企业 政府采购 标准制定'), fx.stats);
    expect(picked[0].src.doc.docNo).toBe('国发〔2023〕11号');
  });

  it('answers "…第8条讲什么" from the article with that number, whatever the numerals', async () => {
    const q = '企业名称登记管理规定第8条讲什么？';
    const picked = selectSentences(q, await sources('企业名称 字号 行政区划名称'), fx.stats);
    expect(picked[0].src.chunk.label).toBe('第八条');
  });
});

describe('must-match terms of a question', () => {
  it('are places, Latin-script names and numbers of two or more digits', () => {
    expect(mustMatchTerms('2024年上海市的月最低工资标准是多少钱？')).toEqual(expect.arrayContaining(['2024', '上海市']));
    expect(mustMatchTerms('新加坡的公司所得税税率是多少？')).toEqual(['新加坡']);
    expect(mustMatchTerms('2025年全国GDP增长的预期目标是多少？')).toEqual(expect.arrayContaining(['2025', 'gdp']));
    expect(mustMatchTerms('全国的企业名称有什么要求？')).toEqual([]);
    expect(mustMatchTerms('企业名称登记管理规定第8条讲什么？')).toEqual([]);
  });
});
