/**
 * How people ask versus how policy texts say it: 社保 for 社会保险, 公司 for 企业, 名字 for 名称. When the
 * extractive model scores sentences, or the refusal confidence measures how much of the question the
 * top chunks cover, a question word that a text lacks still counts when the text has one of its
 * written forms. Never used by the support check, which must judge the words a sentence actually has.
 * A short list of everyday words with one obvious written counterpart; not a thesaurus.
 */
import type { KeyTerms } from '../../embeddings/text/terms.js';

const PAIRS: [string, string[]][] = [
  ['社保', ['社会保险']],
  ['医保', ['医疗保险', '医疗保障']],
  ['公积金', ['住房公积金']],
  ['公司', ['企业']],
  ['企业', ['公司']],
  ['老板', ['经营者', '负责人']],
  ['名字', ['名称']],
  ['钱', ['资金', '费用', '金额']],
  ['执照', ['营业执照']],
  ['注册', ['登记']],
  ['员工', ['职工', '劳动者', '从业人员']],
  ['工人', ['职工', '劳动者']],
  ['工资', ['劳动报酬', '薪酬']],
  ['个体户', ['个体工商户']],
  ['芯片', ['集成电路']],
  ['关门', ['歇业', '停业']],
  ['倒闭', ['注销', '破产']],
  ['停业', ['歇业']],
  ['开店', ['开办', '设立']],
  ['网上', ['网络', '在线', '线上', '系统']],
  ['打官司', ['诉讼', '人民法院']],
  ['法院', ['人民法院']],
  ['养老金', ['基本养老金']],
  ['退休金', ['基本养老金']],
  ['罚', ['罚款', '处罚']],
  ['骗保', ['骗取']],
  ['骑手', ['配送员', '劳动者']],
  ['外卖', ['网络餐饮', '配送']],
  ['短信', ['信息']],
  ['扣费', ['扣款', '收费', '费用']],
  ['乱收费', ['收取费用', '收费']],
  ['退钱', ['退款', '退还']],
  ['补贴钱', ['补贴资金']],
];

const MAP = new Map(PAIRS);

/** Written forms of an everyday word, or none. */
export function writtenForms(word: string): string[] {
  return MAP.get(word) ?? [];
}

/** A question's everyday words (and their character pairs) mapped to the written forms a text may use. */
export function alternativesOf(q: KeyTerms): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of q.words) {
    const forms = writtenForms(w);
    if (forms.length === 0) continue;
    out.set(w, forms);
    const chars = [...w];
    for (let i = 0; i + 1 < chars.length; i++) out.set(chars[i] + chars[i + 1], [...(out.get(chars[i] + chars[i + 1]) ?? []), ...forms]);
  }
  return out;
}
