/**
 * How the extractive model chooses what to quote for everyday questions: the kind of answer asked
 * for (a figure for 多少, a body for 谁, a list for 哪些), everyday words read as their written form
 * (名字 → 名称), a provision repeated by two documents cited from both, a ratio broken over two PDF
 * lines quoted whole.
 * Chunk texts are cut from data/corpus: 《汽车以旧换新补贴实施细则》（商消费函〔2024〕75号）第六条、第七条;
 * 《企业名称登记管理规定》（国务院令第734号）第十八条; 《企业名称登记管理规定实施办法》（国家市场监督管理
 * 总局令第82号）第二十五条 and 第十八条.
 */
import { describe, expect, it } from 'vitest';
import type { Chunk, DocumentMeta } from '../../embeddings/types.js';
import { answerKinds, fitsKind, numberUnit } from '../../embeddings/text/question-kind.js';
import { checkSentence } from '../../server/answer/citations.js';
import { extractiveAnswer, selectSentences } from '../../server/answer/extractive-model.js';
import { parseMarkers, splitSentences } from '../../server/answer/sentences.js';
import { TermStats } from '../../embeddings/text/terms.js';
import type { GivenSource } from '../../server/answer/types.js';

const car: DocumentMeta = { id: 'car', title: '汽车以旧换新补贴实施细则', docNo: '商消费函〔2024〕75号', sources: [] };
const names: DocumentMeta = { id: 'names', title: '企业名称登记管理规定', docNo: '国务院令第734号', sources: [] };
const namesRules: DocumentMeta = { id: 'names-rules', title: '企业名称登记管理规定实施办法', docNo: '国家市场监督管理总局令第82号', sources: [] };

const chunk = (doc: DocumentMeta, label: string, text: string): Chunk => ({
  id: `${doc.id}:${label}`,
  docId: doc.id,
  articleId: label,
  label,
  headingPath: [],
  text,
  start: 0,
  end: text.length,
});

const TEXTS: [DocumentMeta, string, string][] = [
  [
    car,
    '第七条',
    '第七条 根据2023年底各地国三及以下排放标准燃油乘用车保有量等情况，财政部向各省份预拨70%补助资金，用于支持地方启动相关工作。政策实施期间，中央和地方根据前述单车补贴标准，对符合条件的汽车报废更新车辆按既定分担比例进行补贴，各地与消费者进行据实结算。',
  ],
  [
    car,
    '第六条',
    '第三章 补贴资金管理\n第六条 汽车以旧换新补贴资金由中央财政和地方财政总体按6：\n4比例共担，并分地区确定具体分担比例。其中，对东部省份按5：5比例分担，对中部省份按6：4比例分担，对西部省份按7：3比例分担。地方负担的部分，由省级财政部门牵头负责落实到位。',
  ],
  [
    namesRules,
    '第十八条',
    '第十八条 企业集团名称应当与企业集团母公司名称的行政区划名称、字号、行业或者经营特点保持一致。经企业集团母公司授权的子公司、参股公司，其名称可以冠以企业集团名称。\n企业集团母公司应当将企业集团名称以及集团成员信息通过国家企业信用信息公示系统向社会公示。',
  ],
  [
    names,
    '第十八条',
    '第十八条 企业登记机关对通过企业名称申报系统提交完成的企业名称予以保留，保留期为2个月。设立企业依法应当报经批准或者企业经营范围中有在登记前须经批准的项目的，保留期为1年。\n申请人应当在保留期届满前办理企业登记。',
  ],
  [
    namesRules,
    '第二十五条',
    '第二十五条 企业登记机关对通过企业名称申报系统提交完成的企业名称予以保留，保留期为2个月。设立企业依法应当报经批准或者企业经营范围中有在登记前须经批准的项目的，保留期为1年。\n企业登记机关可以依申请向申请人出具名称保留告知书。\n申请人应当在保留期届满前办理企业登记。保留期内的企业名称不得用于经营活动。',
  ],
];
const chunks = TEXTS.map(([d, label, text]) => ({ doc: d, chunk: chunk(d, label, text) }));
const stats = TermStats.fromTexts(chunks.map((c) => c.chunk.text));
const sources = (...labels: string[]): GivenSource[] =>
  labels.map((key, i) => {
    const c = chunks.find((x) => `${x.doc.id}/${x.chunk.label}` === key)!;
    return { n: i + 1, chunk: c.chunk, doc: c.doc, score: 1 - i * 0.1 };
  });

describe('the kind of answer a question asks for', () => {
  it('is read from its question words', () => {
    expect(answerKinds('执照最晚几天能下来？')).toEqual(['number']);
    expect(answerKinds('病残津贴的钱由谁来出？')).toEqual(['who']);
    expect(answerKinds('首批试点选了哪几个城市？')).toEqual(['list']);
    expect(answerKinds('政策执行到什么时候？')).toEqual(['when']);
    expect(answerKinds('企业名称有什么要求？')).toEqual(['list']);
    expect(answerKinds('外商投资企业可以参与政府采购吗？')).toEqual([]);
  });

  it('a figure is an amount, period or share — not a year, a 文号 or an article number', () => {
    expect(fitsKind('number', '保留期为2个月。')).toBe(true);
    expect(fitsKind('number', '不能当场登记的，应当在3个工作日内予以登记。')).toBe(true);
    expect(fitsKind('number', '对东部省份按5：5比例分担。')).toBe(true);
    expect(fitsKind('number', '为落实《国务院关于开展营商环境创新试点工作的意见》（国发〔2021〕24号）要求。')).toBe(false);
    expect(fitsKind('number', '依照本条例第三十条的规定办理。')).toBe(false);
    expect(fitsKind('number', '自2023年1月1日起施行。')).toBe(false);
    expect(fitsKind('when', '自2023年1月1日起施行。')).toBe(true);
    expect(fitsKind('who', '病残津贴所需资金由基本养老保险基金支付。')).toBe(true);
    expect(fitsKind('list', '首批试点城市为北京、上海、重庆、杭州、广州、深圳6个城市。')).toBe(true);
  });

  it('a question asking how often (多久…一次) is answered by a frequency, even one without a digit', () => {
    const often = numberUnit('关键信息基础设施的运营者多久要做一次检测评估？');
    expect(fitsKind('number', '运营者应当自行或者委托网络安全服务机构对其网络的安全性每年至少进行一次检测评估。', often)).toBe(true);
    expect(fitsKind('number', '家政服务员每两年应当参加不少于一次培训。', often)).toBe(true);
    // 多久 alone asks for a period: 每年 without a length does not state one.
    expect(fitsKind('number', '每年安排资金支持试点。', numberUnit('企业名称保留期是多久？'))).toBe(false);
    expect(fitsKind('number', '保留期为2个月。', numberUnit('企业名称保留期是多久？'))).toBe(true);
  });
});

describe('choosing what to quote', () => {
  it('answers 各出多少 with the ratio, quoting the sentence broken after its colon whole, from the second source', () => {
    const q = '汽车以旧换新的补贴钱，中央和地方各出多少？';
    const src = sources('car/第七条', 'car/第六条');
    const text = extractiveAnswer(q, src, stats).join('');
    expect(text).toContain('汽车以旧换新补贴资金由中央财政和地方财政总体按6：4比例共担，并分地区确定具体分担比例。[2]');
    // Whatever is quoted passes the support check against the source it cites.
    for (const s of splitSentences(text.replace(/^《[^》]+》[^：、]*[：、]?/gm, ''), { semicolons: false })) {
      expect(checkSentence(s.text, src, stats).status, s.text).toBe('ok');
    }
  });

  it('reads 名字 as 名称 and cites both documents that state the same provision', () => {
    const q = '在网上自己报的公司名字，系统能帮我留多久？';
    const src = sources('names/第十八条', 'names-rules/第二十五条', 'names-rules/第十八条');
    const picked = selectSentences(q, src, stats);
    expect(picked[0].text).toBe('企业登记机关对通过企业名称申报系统提交完成的企业名称予以保留，保留期为2个月。');
    const text = extractiveAnswer(q, src, stats).join('');
    const line = text.split('\n').find((l) => l.includes('保留期为2个月。'))!;
    expect(new Set(parseMarkers(line))).toEqual(new Set([1, 2]));
    // Quoted once, not once per source.
    expect(text.match(/保留期为2个月。/g)).toHaveLength(1);
  });
});

describe('the first retrieved source', () => {
  it('leads when its best sentence scores a fair share of the best, whatever shares more of the question’s words', () => {
    const q = '在网上自己报的公司名字，系统能帮我留多久？';
    // names-rules/第十八条 is about group names: ranked first, its sentence still scores above 0.3 of the best.
    const first = sources('names-rules/第十八条', 'names/第十八条', 'names-rules/第二十五条');
    expect(selectSentences(q, first, stats)[0].src.n).toBe(1);
    // Ranked last, it does not lead.
    const last = sources('names/第十八条', 'names-rules/第二十五条', 'names-rules/第十八条');
    expect(selectSentences(q, last, stats)[0].src.n).not.toBe(3);
  });
});

describe('everyday words in the refusal confidence', () => {
  it('count as covered by their written form, so a colloquial question is not taken for an unknown topic', async () => {
    const { retrievalConfidence } = await import('../../server/answer/refusal.js');
    const c = chunks.find((x) => x.doc.id === 'names' && x.chunk.label === '第十八条')!;
    const hits = [{ chunk: c.chunk, doc: c.doc, score: 1 }];
    const everyday = retrievalConfidence('公司名字能保留多久？', hits, stats);
    const written = retrievalConfidence('企业名称能保留多久？', hits, stats);
    expect(everyday.coverage).toBeCloseTo(written.coverage, 5);
    // A word with no written form in the list is still judged as written.
    expect(retrievalConfidence('公司外号能保留多久？', hits, stats).coverage).toBeLessThan(written.coverage);
  });
});

describe('a number question whose top chunks state no figure in the asked unit', () => {
  it('loses confidence: the topic is in the corpus, the asked value is not', async () => {
    const { retrievalConfidence, FIGURE_SHARE, FIGURE_PENALTY } = await import('../../server/answer/refusal.js');
    const c = chunks.find((x) => x.doc.id === 'names' && x.chunk.label === '第十八条')!;
    const hits = [{ chunk: c.chunk, doc: c.doc, score: 1 }];
    // 多久: the article states 2个月, a period, in a sentence about the name's reservation.
    const period = retrievalConfidence('企业名称保留期是多久？', hits, stats);
    expect(period.figure! / period.coverage).toBeGreaterThanOrEqual(FIGURE_SHARE);
    // 多少钱: no sum in 元 anywhere in the article.
    const fee = retrievalConfidence('企业名称保留期要交多少钱？', hits, stats);
    expect(fee.figure).toBe(0);
    const plain = retrievalConfidence('企业名称保留期有什么规定？', hits, stats);
    expect(plain.figure).toBeUndefined();
    expect(fee.score).toBeCloseTo(plain.score - FIGURE_PENALTY * FIGURE_SHARE, 1);
    expect(period.score).toBeGreaterThan(fee.score);
  });
});
