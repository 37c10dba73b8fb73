/**
 * The normalisation variants of embeddings/text/normalize.ts: each is what one comparison needs, and
 * they differ on purpose (tokens keep line breaks, matching removes all whitespace and respells 第55条).
 */
import { describe, expect, it } from 'vitest';
import {
  compactLower,
  compactText,
  nfkc,
  nfkcLower,
  normalizeForMatching,
  normalizeForTokens,
  singleSpaced,
  toHalfWidth,
  withoutSpaceOrPunctuation,
} from '../../embeddings/text/normalize.js';

describe('the token form', () => {
  it('folds widths and case and joins Chinese split by spaces, keeping line breaks and Latin spaces', () => {
    expect(normalizeForTokens('小 微企业\tＡＢＣ　税收')).toBe('小微企业\tabc 税收');
    expect(normalizeForTokens('第一段\n第二段')).toBe('第一段\n第二段');
    expect(normalizeForTokens('GDP  增长 3%')).toBe('gdp  增长 3%');
    expect(normalizeForTokens('第 55 条')).toBe('第 55 条');
  });
});

describe('the matching form', () => {
  it('folds widths and case, removes all whitespace and writes 第55条 as 第五十五条', () => {
    expect(normalizeForMatching('小 微企业\n第５５条 GDP')).toBe('小微企业第五十五条gdp');
    expect(normalizeForMatching('第 102 条')).toBe('第一百零二条');
    expect(normalizeForMatching('第12345条')).toBe('第12345条');
  });

  it('differs from the token form where both are load-bearing', () => {
    const text = '第一段\n第 5 条 ABC';
    expect(normalizeForTokens(text)).not.toBe(normalizeForMatching(text));
  });
});

describe('the other helpers', () => {
  it('do exactly NFKC and then their one step', () => {
    const s = ' Ａ　ｂ\n１２ 小 微， 《法》 ';
    expect(nfkc(s)).toBe(s.normalize('NFKC'));
    expect(nfkcLower(s)).toBe(s.normalize('NFKC').toLowerCase());
    expect(compactText(s)).toBe('Ab12小微,《法》');
    expect(compactLower(s)).toBe('ab12小微,《法》');
    expect(singleSpaced(s)).toBe('A b 12 小 微, 《法》');
    expect(withoutSpaceOrPunctuation(s)).toBe('Ab12小微法');
  });

  it('toHalfWidth folds digits and letters but keeps Chinese punctuation', () => {
    expect(toHalfWidth('２０２３年ＡＢＣ，（一）')).toBe('2023年ABC，（一）');
    expect(toHalfWidth('２０２３年ＡＢＣ，（一）'.normalize('NFKC'))).toBe('2023年ABC,(一)');
  });
});
