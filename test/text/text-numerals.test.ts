/** Chinese ↔ Arabic numerals and article numbers (embeddings/text/numerals.ts). */
import { describe, expect, it } from 'vitest';
import { articleLabel, articleNumbers, parseChineseNumber, toChineseNumber } from '../../embeddings/text/numerals.js';

describe('numerals', () => {
  it('round-trip every number an article can have', () => {
    for (let n = 0; n <= 9999; n++) expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
  });

  it('write numbers the way regulations number articles', () => {
    expect(toChineseNumber(10)).toBe('十');
    expect(toChineseNumber(13)).toBe('十三');
    expect(toChineseNumber(1010)).toBe('一千零一十');
    expect(toChineseNumber(2005)).toBe('二千零五');
    expect(toChineseNumber(10000)).toBe('10000');
  });

  it('read Arabic digits, 两 and 〇, and reject what is not a number', () => {
    expect(parseChineseNumber('43')).toBe(43);
    expect(parseChineseNumber('两百')).toBe(200);
    expect(parseChineseNumber('一百〇二')).toBe(102);
    expect(parseChineseNumber('第三')).toBeUndefined();
  });

  it('name 第X条 in both spellings and write the label back', () => {
    const nums = articleNumbers('第55条、第 五十六 条与第五十六条之一；第0条不是');
    expect(nums).toEqual(['55', '56', '56-1']);
    expect(nums.map(articleLabel)).toEqual(['第五十五条', '第五十六条', '第五十六条之一']);
  });
});
