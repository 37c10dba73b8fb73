/** Cleaning: pure functions on lines and strings, and the TOC finder on a fixture. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalDocNo, estimateWrapWidth, isPageNoise, joinLines, normaliseLine, parseDocNoLine, stripLinks } from '../../embeddings/corpus/clean.js';
import { cleanFile } from '../../embeddings/corpus/split-file.js';
import { findToc } from '../../embeddings/corpus/toc.js';
import { toHalfWidth } from '../../embeddings/text/normalize.js';

const fixture = (name: string) => readFileSync(`test/fixtures/corpus/${name}`, 'utf8');

describe('normaliseLine', () => {
  it('removes stray spaces between CJK characters and around digits', () => {
    expect(normaliseLine(' 2020年 12 月 28 日 ')).toBe('2020年12月28日');
    expect(normaliseLine('第 734 号 ')).toBe('第734号');
    expect(normaliseLine('结合实际，优化管理和服 务，推动相关措施落实落细')).toBe('结合实际，优化管理和服务，推动相关措施落实落细');
    expect(normaliseLine('总 理  李克强 ')).toBe('总理李克强');
  });

  it('keeps spaces that mean something', () => {
    expect(normaliseLine('第一条 为了规范企业名称登记管理，保护企业的合法权益，维')).toBe('第一条 为了规范企业名称登记管理，保护企业的合法权益，维');
    expect(normaliseLine('财政部 税务总局关于延续实施有关个人所得税优惠政策的公告')).toBe('财政部 税务总局关于延续实施有关个人所得税优惠政策的公告');
    expect(normaliseLine('支持 ISO 56005 国际标准')).toBe('支持ISO 56005国际标准');
  });

  it('turns full-width digits and letters half-width, keeps Chinese punctuation', () => {
    expect(toHalfWidth('２０２３年ＡＢＣ，（一）')).toBe('2023年ABC，（一）');
    expect(normaliseLine('(十) 提高海外人才在华工作便利度。')).toBe('（十）提高海外人才在华工作便利度。');
    expect(normaliseLine('**国务院办公厅关于依托全国一体化政务服务平台')).toBe('国务院办公厅关于依托全国一体化政务服务平台');
  });
});

describe('文号', () => {
  it('recognises every spelling and gives one canonical form', () => {
    expect(parseDocNoLine('国办函（2023）7号')).toBe('国办函〔2023〕7号');
    expect(parseDocNoLine('国发〔2021〕4 号 ')).toBe('国发〔2021〕4号');
    expect(parseDocNoLine('工信部企业函﹝2023﹞4 号')).toBe('工信部企业函〔2023〕4号');
    expect(parseDocNoLine('工信部企业函(2023)4号')).toBe('工信部企业函〔2023〕4号');
    expect(parseDocNoLine('财政部 税务总局公告 2023 年第 2 号')).toBe('财政部税务总局公告2023年第2号');
    expect(parseDocNoLine('国家市场监督管理总局令第82号')).toBe('国家市场监督管理总局令第82号');
    expect(parseDocNoLine('国令第778号')).toBe('国务院令第778号');
    expect(parseDocNoLine('中国人民银行令〔2021〕第 4 号')).toBe('中国人民银行令〔2021〕第4号');
    expect(parseDocNoLine('各省、自治区、直辖市人民政府：')).toBeUndefined();
    expect(canonicalDocNo('国办函（2023）115 号')).toBe('国办函〔2023〕115号');
  });
});

describe('page noise and links', () => {
  it('drops page markers and bare page numbers only', () => {
    for (const l of ['# Page 23:', '17', '- 5 -', '第 3 页']) expect(isPageNoise(l), l).toBe(true);
    for (const l of ['2023年', '第一条', '17号']) expect(isPageNoise(l), l).toBe(false);
  });

  it('removes links and attachment file names', () => {
    expect(stripLinks('https://www.gov.cn/zhengce/zhengceku/202409/P020240910515398355720.pdf市场监管总局等部门关于开展产品碳足迹标识认证试点工作的通知')).toBe(
      '市场监管总局等部门关于开展产品碳足迹标识认证试点工作的通知',
    );
    expect(stripLinks('《制造业技术创新体系建设和应用实施意见》.pdf')).toBe('');
    expect(stripLinks('不含链接的一句话。')).toBe('不含链接的一句话。');
    // A file name with stray spaces goes as a whole, not leaving "…重点举措（2024" behind.
    const { paragraphs } = cleanFile(
      '附件下载：\n市场监管部门优化营商环境重点举措（2024 年版）.pdf\nhttps://www.gov.cn/zhengce/zhengceku/202409/P020240904485605255499.pdf\n 关于企业改制重组及事业单位改制有关印花税政策的公告 \n',
    );
    expect(paragraphs).toEqual(['附件下载：', '关于企业改制重组及事业单位改制有关印花税政策的公告']);
  });
});

describe('joinLines', () => {
  it('joins a hard-wrapped sentence and keeps real breaks', () => {
    const lines = [
      '第一条 为了规范企业名称登记管理，保护企业的合法权益，维',
      '护社会经济秩序，优化营商环境，制定本规定。',
      '第二条 县级以上人民政府市场监督管理部门（以下统称企业',
      '登记机关）负责中国境内设立企业的企业名称登记管理。',
      '国务院市场监督管理部门主管全国企业名称登记管理工作，负',
      '责制定企业名称登记管理的具体规范。',
    ];
    expect(joinLines(lines, { wrapWidth: 30 })).toEqual([
      '第一条 为了规范企业名称登记管理，保护企业的合法权益，维护社会经济秩序，优化营商环境，制定本规定。',
      '第二条 县级以上人民政府市场监督管理部门（以下统称企业登记机关）负责中国境内设立企业的企业名称登记管理。',
      '国务院市场监督管理部门主管全国企业名称登记管理工作，负责制定企业名称登记管理的具体规范。',
    ]);
  });

  it('ends a paragraph at a short line in a hard-wrapped file, and at a title, 文号 or date', () => {
    const lines = ['一、总体要求', '以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二', '十大精神。', '国务院办公厅', '2024年1月27日'];
    expect(joinLines(lines, { wrapWidth: 30 })).toEqual(['一、总体要求', '以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。', '国务院办公厅', '2024年1月27日']);
  });

  it('rejoins a 文号 cut into pieces and a heading ending in its date where lines break anywhere', () => {
    const lines = [
      '1. 国务院印发关于在有条件的自由贸易试验区和自由贸易港试',
      '点对接国际高标准推进制度型开放若干措施的通知（2023年6',
      '月1日）',
      '国发〔',
      '〕',
      '号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    ];
    expect(joinLines(lines, { loose: true })).toEqual([
      '1. 国务院印发关于在有条件的自由贸易试验区和自由贸易港试点对接国际高标准推进制度型开放若干措施的通知（2023年6月1日）',
      '国发〔〕号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    ]);
  });

  it('starts a title above a 文号 even after a line cut short at the margin (003)', () => {
    const lines = [
      '25. 深化交流合作。充分调动各方力量，规范有序推动高校院所、创新型企业、科技产业园区等参与数字政府建',
      '省政府办公厅关于印发江苏省航空航天产业发展三年行动计划(2023—2025年)的通知',
      '苏政办发〔2023〕15号',
    ];
    expect(joinLines(lines, {})).toEqual(lines);
    // Its lines still join with each other: "…关于开展 2023" / "年全国中小企业" / "网上百日…的通知".
    const title = ['工业和信息化部办公厅 教育部办公厅关于开展2023', '年全国中小企业', '网上百日招聘高校毕业生活动的通知', '工信厅联企业函〔2023〕85号'];
    expect(joinLines(['上一份文件的最后一句话。', ...title], {})[1]).toBe('工业和信息化部办公厅 教育部办公厅关于开展2023年全国中小企业');
  });

  it('measures the wrap width of a hard-wrapped file', () => {
    const { wrapWidth } = cleanFile(fixture('regulation-734.txt'));
    expect(wrapWidth).toBeGreaterThanOrEqual(28);
    expect(wrapWidth).toBeLessThanOrEqual(32);
    expect(estimateWrapWidth(['短', '一行'])).toBeUndefined();
  });
});

describe('tables of contents', () => {
  it('finds the TOC of 000, keeps its titles and drops its lines', () => {
    const text = fixture('notice-publishes-measures.txt');
    const toc = findToc(text.split('\n'));
    expect(toc.entries[0].title).toMatch(/^国务院办公厅转发商务部科技部关于进一步鼓励外商投资设立研发中心若干措施的通知/);
    expect(toc.entries.some((e) => e.title.startsWith('中共中央 国务院关于促进民营经济发展壮大的意见'))).toBe(true);
    // The 文号 printed on its own TOC line belongs to the entry above it.
    expect(toc.entries.find((e) => e.title.startsWith('国务院关于进一步优化外商投资环境'))?.docNo).toBe('国发〔2023〕11号');
    const { paragraphs } = cleanFile(text);
    expect(paragraphs.some((p) => /\t|\d{1,3}$/.test(p) && p.includes('国办函（2023）7号'))).toBe(false);
    expect(paragraphs).toContain('国办函〔2023〕7号');
  });

  it('finds a dot-leader TOC with "目" and "录" on two lines', () => {
    const { paragraphs } = cleanFile(fixture('headings-with-dates.txt'));
    expect(paragraphs.some((p) => /\.{6,}/.test(p))).toBe(false);
    expect(paragraphs).not.toContain('目');
  });
});
