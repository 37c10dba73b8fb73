/**
 * What kind of answer a question asks for, read from its question words, and whether a sentence is
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
const FIGURE = /\d+(\.\d+)?\s*(%|‰|个?工作日|日|天|周|个?月|年|倍|元|万|亿|岁|人|个|项|家|次|小时|分|公里|平方米|吨|辆|户|成|条|位|类|批|件)|百分之|[一二三四五六七八九十两百千万]+个?(工作日|日|天|周|个月|年|倍|元|万元|亿元|岁|成)|\d\s*[：:]\s*\d/;
const DATE = /\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九十]+年[一二三四五六七八九十]+月/;
/** What FIGURE must not take for an amount: titles, 文号, article numbers, dates. */
const NOT_FIGURE = /《[^》]*》|[〔[(（]\d{4}[〕\])）]\s*\d+\s*号|第[一二三四五六七八九十百零〇\d]+[条章节款项批]|\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日/g;
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
  [/(多久|多长时间|几年|几个月).{0,8}一次|隔多久|多久.{0,4}(再|重新)/, new RegExp(`${FREQUENCY.source}|\\d\\s*(个)?(工作日|日|天|周|个月|年)|[一二三四五六七八九十两]+个?(工作日|日|天|周|个月|年)`)],
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
