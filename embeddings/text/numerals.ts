/**
 * Chinese numerals ↔ Arabic numbers, and article numbers as users write them: 第43条, 第四十三条,
 * 第 43 条, 第一百零二条. Both spellings map to one canonical token so either finds the other.
 */

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 四十三 → 43, 一百零二 → 102, 十 → 10, 43 → 43; undefined when it is not a number. */
export function parseChineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return undefined;
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in DIGIT) {
      digit = DIGIT[ch];
    } else {
      // A bare unit (十 in 十三) means one of it.
      total += (digit < 0 ? 1 : digit) * UNIT[ch];
      digit = -1;
    }
  }
  if (digit > 0) total += digit;
  return total;
}

const NUMS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 43 → 四十三, 102 → 一百零二, 10 → 十 (the way regulations number articles). */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return NUMS[n];
  const parts: string[] = [];
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = n;
  let zero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (zero) parts.push('零');
      zero = false;
      // 十三, not 一十三, when ten is the leading unit.
      parts.push(value === 10 && d === 1 && parts.length === 0 ? name : NUMS[d] + name);
    } else if (parts.length > 0) {
      zero = true;
    }
  }
  if (rest > 0) {
    if (zero) parts.push('零');
    parts.push(NUMS[rest]);
  }
  return parts.join('');
}

/** 第43条 / 第四十三条 / 第 43 条 (and 第43条之一), in any text. */
export const ARTICLE_REF = /第\s*([零〇一二两三四五六七八九十百千]{1,8}|\d{1,4})\s*条(?:\s*之\s*([一二三四五六七八九十]{1,3}))?/g;

/** The article numbers a text names, e.g. `['43']` or `['43-1']` for 第四十三条之一. */
export function articleNumbers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ARTICLE_REF)) {
    const n = parseChineseNumber(m[1]);
    if (n === undefined || n === 0) continue;
    const sub = m[2] ? parseChineseNumber(m[2]) : undefined;
    out.push(sub ? `${n}-${sub}` : String(n));
  }
  return out;
}

/** The label form used in the corpus (第四十三条) for a number as `articleNumbers` gives it. */
export function articleLabel(num: string): string {
  const [n, sub] = num.split('-').map(Number);
  return `第${toChineseNumber(n)}条${sub ? `之${toChineseNumber(sub)}` : ''}`;
}
