/**
 * What kind of answer a question expects, from how it asks: 多长时间 / 多久 / 几天 want a period,
 * 多少 / 比例 / 几家 want a number, 什么样的…才算 / 是指什么 want a definition (是指, 所称, 下列情形), 由谁 / 哪个部门 / 归哪 want
 * the body in charge (负责, 牵头, 主管部门, 由…承担/支付). A chunk that contains such a thing is more likely to
 * answer (a cheap rerank signal; measured in docs/retrieval.md).
 */

export type AnswerType = 'period' | 'date' | 'number' | 'definition' | 'agency' | undefined;

const ASKS_DATE = /什么时候|哪天|哪一天|何时|从哪年|哪年|截止|到什么时候|管到|开始实施|起施行/;
const ASKS_PERIOD = /多长时间|多久|几天|几个月|几年|多少天|多少个工作日|多长|期限|时限/;
const ASKS_DEFINITION = /什么样的|才算|算不算|是指什么|指的是什么|指什么|怎么定义|如何定义|什么叫|什么是|是什么意思|包括哪些|有哪些情形|哪些情形/;
const ASKS_AGENCY = /由谁|谁来|谁负责|谁管|谁出|归谁|归哪|哪个部门|哪些部门|哪个单位|哪些单位|哪家单位|哪两家|哪几家|哪个机构|哪个机关|什么部门|什么单位|什么机构/;
const ASKS_NUMBER = /多少|几[个家项次回种条人倍]|比例|百分之|额度|上限|下限|标准是|幅度|提高到|降到|降低到/;

// A length of time (3个工作日, 六十日内, 两年), not a year (2023年) or a 文号 (公告2023年第6号).
const PERIOD = /(?<![\d〔(（])(\d{1,3}|[一二两三四五六七八九十百]+)\s*(个)?(工作日|日|天|个月|月|年|周)(内|以内|之内)?/;
/** A calendar date (2023年4月27日, 2027年12月31日) or a start (自…起). */
const DATE = /\d{4}年\d{1,2}月(\d{1,2}日)?|自[^，。；]{1,20}起/;
const DEFINITION = /是指|所称|指的是|包括|以下情形|下列情形|情形之一/;
const AGENCY = /负责|牵头|主管部门|主管机关|承担|会同|统筹协调|由[^，。；]{1,30}(支付|承担|负担|列支|组织|实施|办理)|联合(开展|印发|发布)/;
const NUMBER = /\d+(\.\d+)?\s*(%|％|万元|亿元|元|倍|人|家|项|个|次|万|亿)|[一二两三四五六七八九十百千万]+(个|项|家|人|次|倍)|百分之/;

export function expectedAnswer(question: string): AnswerType {
  if (ASKS_DEFINITION.test(question)) return 'definition';
  if (ASKS_AGENCY.test(question)) return 'agency';
  if (ASKS_PERIOD.test(question)) return 'period';
  if (ASKS_DATE.test(question)) return 'date';
  if (ASKS_NUMBER.test(question)) return 'number';
  return undefined;
}

export function hasAnswerType(text: string, type: AnswerType): boolean {
  if (type === 'period') return PERIOD.test(text);
  if (type === 'date') return DATE.test(text);
  if (type === 'number') return NUMBER.test(text);
  if (type === 'definition') return DEFINITION.test(text);
  if (type === 'agency') return AGENCY.test(text);
  return false;
}

/**
 * How much holding the answer type says, relative to the others: a calendar date is rarer in the texts
 * than a number, a period or 负责, so a chunk with one, for a question asking when, is stronger evidence
 * (dev.jsonl: weight 1.5–3 for dates all give hit@1 0.798 → 0.803; 2 is used).
 */
export function answerTypeStrength(type: AnswerType): number {
  return type === 'date' ? 2 : 1;
}
