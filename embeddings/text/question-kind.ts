/**
 * What kind of answer a question asks for, read from how it asks, and whether a text holds that kind
 * of thing. Two readings, each tuned for its own use (keep them apart):
 *  - for ranking chunks (retrieval): `expectedAnswer`, `hasAnswerType`, `answerTypeStrength`;
 *  - for choosing sentences (answers): `answerKinds`, `fitsKind`, `numberUnit`.
 */

// ---- For ranking chunks (retrieval) ----

/**
 * Retrieval: what kind of answer a question expects, from how it asks: 多长时间 / 多久 / 几天 want a period,
 * 多少 / 比例 / 几家 want a number, 什么样的…才算 / 是指什么 want a definition (是指, 所称, 下列情形), 由谁 / 哪个部门 / 归哪 want
 * the body in charge (负责, 牵头, 主管部门, 由…承担/支付). A chunk that contains such a thing is more likely to
 * answer (a cheap rerank signal; measured in docs/experiments/2026-retrieval-tuning.md).
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
const DATE_OR_START = /\d{4}年\d{1,2}月(\d{1,2}日)?|自[^，。；]{1,20}起/;
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
  if (type === 'date') return DATE_OR_START.test(text);
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

// ---- For choosing sentences (answers) ----

/**
 * Answers: what kind of answer a question asks for, read from its question words, and whether a sentence is
 * of that kind: a number question (多少, 多久, 比例) is answered by a sentence stating a figure, a
 * period or a share; a who question (谁, 哪个部门) by one naming a body and what it does; a list
 * question (哪些, 什么情形) by an enumeration. Sentences sharing many words with the question but of
 * the wrong kind ("…按规定执行") are the usual wrong pick of a word-overlap scorer.
 */
export type AnswerKind = 'number' | 'when' | 'who' | 'list';

// 哪几个城市 asks for a list, not a number.
const NUMBER_Q = /多少|多久|多长|多大|多高|(?<!哪)几[天日个年月次倍项岁周]|百分之几|比例|比率|税率|费率|时限|上限|下限|各出|标准是/;
const WHEN_Q = /何时|什么时候|哪一?年|几月|几号|截止|有效期|执行到|实施到/;
const WHO_Q = /谁|哪个(部门|单位|机构|机关)|哪[两几]家|什么(部门|单位|机构|机关)|归哪|由哪|哪些(部门|单位|机构|机关)/;
const LIST_Q = /哪些|哪几|有什么|包括什么|什么情形|几种|几类|哪些方面/;

/** The kinds a question asks for (a question may ask both who and what). */
export function answerKinds(question: string): AnswerKind[] {
  const out: AnswerKind[] = [];
  if (WHO_Q.test(question)) out.push('who');
  else if (LIST_Q.test(question)) out.push('list');
  if (NUMBER_Q.test(question)) out.push('number');
  if (WHEN_Q.test(question)) out.push('when');
  return out;
}

/** An amount, a period or a share: 2个月, 15%, 3个工作日, 三年, 6：4 — not a year, an article or a 文号. */
const FIGURE =
  /\d+(\.\d+)?\s*(%|‰|个?工作日|日|天|周|个?月|年|倍|元|万|亿|岁|人|个|项|家|次|小时|分|公里|平方米|吨|辆|户|成|条|位|类|批|件)|百分之|[一二三四五六七八九十两百千万]+个?(工作日|日|天|周|个月|年|倍|元|万元|亿元|岁|成)|\d\s*[：:]\s*\d/;
const DATE = /\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九十]+年[一二三四五六七八九十]+月/;
/** What FIGURE must not take for an amount: titles, 文号, article numbers, dates. */
const NOT_FIGURE =
  /《[^》]*》|[〔[(（]\d{4}[〕\])）]\s*\d+\s*号|第[一二三四五六七八九十百零〇\d]+[条章节款项批]|\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日/g;
const BODY = /部门|机构|机关|委员会|总局|人民政府|政府|部|局|厅|署|办公室|银行|法院|基金|协会|中心|单位/;
const DOES = /负责|承担|支付|牵头|组织|实施|监管|管理|审核|审批|批准|办理|制定|发布|出资|会同|联合|共同|指导|受理|核查/;
const ITEMS = /(（[一二三四五六七八九十]+）|[（(]\d+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)/g;

/**
 * The unit a number question asks in, when it says: 多少钱 is answered in 元, 百分之多少 by a share,
 * 多少岁 by an age, 多久 by a period. A sentence with some other figure does not answer it.
 */
/**
 * How often (多久…一次, 隔多久): answered by 每年, 每季度, 每两年 as much as by a period with a numeral,
 * so a frequency counts as a figure for these questions even without a digit.
 */
const FREQUENCY = /每[一二两三四五六七八九十\d]*个?(工作日|日|天|周|月|季度?|半年|年)|[一二两三四五六七八九十\d]+个?(工作日|日|天|周|个月|季度|年)[一至]次/;
const UNITS: [RegExp, RegExp][] = [
  [
    /(多久|多长时间|几年|几个月).{0,8}一次|隔多久|多久.{0,4}(再|重新)/,
    new RegExp(`${FREQUENCY.source}|\\d\\s*(个)?(工作日|日|天|周|个月|年)|[一二三四五六七八九十两]+个?(工作日|日|天|周|个月|年)`),
  ],
  [/多少钱|多少元|多少经费|补多少|赔多少|赔付多少|贷多少|领多少|存多少|奖励多少|补贴多少/, /\d\s*(元|万元|亿元)|[一二三四五六七八九十百千万]元/],
  [/百分之|比例|税率|费率|利率|比率|征收率/, /\d\s*[%％]|百分之[一二三四五六七八九十]|\d\s*[：:]\s*\d|[一二三四五六七八九]成/],
  [/多少岁|几岁|年龄/, /\d\s*周?岁|[一二三四五六七八九十]+周?岁/],
  [/多久|多长时间|几天|多少天|几个月|多少个月|几年|多少年|时限|时效/, /\d\s*(个)?(工作日|日|天|周|个月|年|小时)|[一二三四五六七八九十两]+个?(工作日|日|天|周|个月|年|小时)/],
];

export function numberUnit(question: string): RegExp | undefined {
  return UNITS.find(([q]) => q.test(question))?.[1];
}

export function fitsKind(kind: AnswerKind, sentence: string, unit?: RegExp): boolean {
  switch (kind) {
    case 'number': {
      const text = sentence.replace(NOT_FIGURE, '');
      if (unit === UNITS[0][1] && FREQUENCY.test(text)) return true;
      return FIGURE.test(text) && (!unit || unit.test(text));
    }
    case 'when':
      return DATE.test(sentence.replace(/《[^》]*》/g, ''));
    case 'who':
      return BODY.test(sentence) && DOES.test(sentence);
    case 'list':
      return (sentence.match(ITEMS)?.length ?? 0) >= 2 || (sentence.match(/、/g)?.length ?? 0) >= 3 || (sentence.match(/；/g)?.length ?? 0) >= 2;
  }
}
