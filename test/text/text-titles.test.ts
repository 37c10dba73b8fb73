/**
 * Title keys (embeddings/text/titles.ts): one core key and the named steps some comparisons add on top.
 */
import { describe, expect, it } from 'vitest';
import { bareTitleKey, citedTitleKey, corpusTitleKey, looseTitleKey, matchingTitleKey, titleKey, withoutStateName, withoutTitleMarks } from '../../embeddings/text/titles.js';

describe('the title key', () => {
  it('folds widths and drops whitespace and title marks, keeping other punctuation', () => {
    expect(titleKey('《中华人民共和国 民法典》')).toBe('中华人民共和国民法典');
    expect(titleKey('「关于２０２３年」“通知”〈试行〉')).toBe('关于2023年通知试行');
    expect(titleKey('国务院关于促进中小企业发展的意见（试行）')).toBe('国务院关于促进中小企业发展的意见(试行)');
  });

  it('is the core of the cited and bare keys', () => {
    const titles = ['《中华人民共和国商标法》', '财政部 税务总局关于延续实施有关个人所得税优惠政策的公告', '关于印发《意见》的通知（2023—2025年）'];
    for (const t of titles) {
      expect(citedTitleKey(t)).toBe(withoutStateName(titleKey(t)));
      expect(bareTitleKey(t)).toBe(bareTitleKey(titleKey(t)));
    }
  });

  it('cites national laws without 中华人民共和国', () => {
    expect(citedTitleKey('《中华人民共和国商标法》')).toBe('商标法');
    expect(citedTitleKey('商标法')).toBe('商标法');
  });

  it('compares renewed titles without any punctuation or symbol', () => {
    expect(bareTitleKey('关于延续实施（2023—2025年）优惠政策的公告')).toBe(bareTitleKey('关于延续实施(2023-2025年)优惠政策的公告'));
    expect(titleKey('关于延续实施（2023—2025年）优惠政策的公告')).not.toBe(titleKey('关于延续实施(2023-2025年)优惠政策的公告'));
  });

  it('finds a title in a question in the matching form', () => {
    expect(matchingTitleKey('《优化营商环境条例》第 5 条怎么说？')).toBe('优化营商环境条例第五条怎么说?');
    expect(withoutTitleMarks('《条例》“办法”')).toBe('条例办法');
  });

  it('keys the splitter on the half-width fold and strips rewordings loosely', () => {
    expect(corpusTitleKey('关于印发《２０２３年工作要点》的通知（一）')).toBe('关于印发2023年工作要点的通知一');
    expect(looseTitleKey('国务院办公厅关于印发《２０２３年工作要点》的通知')).toBe('国务院办公厅2023年工作要点');
  });
});
