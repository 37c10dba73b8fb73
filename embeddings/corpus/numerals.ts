/** Chinese numerals as used in article numbers (第一百二十三条) and item labels (（十一）). */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "一百二十三" → 123, "十一" → 11, "二〇二三" → 2023 (digit by digit); NaN if not a numeral. */
export function chineseToNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || /[^零〇一二两三四五六七八九十百千]/.test(s)) return NaN;
  if (!/[十百千]/.test(s)) {
    // Digit-by-digit form (二〇二三).
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c in DIGITS) {
      digit = DIGITS[c];
    } else {
      const unit = UNITS[c];
      total += (digit || 1) * unit;
      digit = 0;
    }
  }
  return total + digit;
}
