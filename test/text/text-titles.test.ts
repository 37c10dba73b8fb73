/**
 * Title keys (embeddings/text/titles.ts): one core key and the named steps some comparisons add on top.
 */
import { describe, expect, it } from 'vitest';
import {
  bareTitleKey,
  citedTitleKey,
  corpusTitleKey,
  looseTitleKey,
  matchingTitleKey,
  shortTitle,
  titleKey,
  withoutStateName,
  withoutTitleMarks,
  isNationalLaw,
} from '../../embeddings/text/titles.js';

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

  it('shortens a title the way official writing cites it in running text', () => {
    // The document a notice publishes or forwards, a decree's regulation.
    expect(shortTitle('商务部等十四部门关于印发《推动消费品以旧换新行动方案》的通知')).toBe('推动消费品以旧换新行动方案');
    expect(shortTitle('国务院办公厅转发国家发展改革委、财政部《关于规范实施政府和社会资本合作新机制的指导意见》的通知')).toBe('关于规范实施政府和社会资本合作新机制的指导意见');
    expect(shortTitle('工业和信息化部关于印发“十四五”大数据产业发展规划的通知')).toBe('“十四五”大数据产业发展规划');
    expect(shortTitle('中国人民银行令〔2021〕第4号（征信业务管理办法）')).toBe('征信业务管理办法');
    expect(shortTitle('中华人民共和国国务院令《关键信息基础设施安全保护条例》')).toBe('关键信息基础设施安全保护条例');
    // A long title without its issuers; nested names stay whole; a short one as it is.
    expect(shortTitle('人力资源社会保障部 财政部 国家税务总局关于延续实施失业保险援企稳岗政策的通知')).toBe('关于延续实施失业保险援企稳岗政策的通知');
    expect(shortTitle('国务院关于实施《中华人民共和国公司法》注册资本登记管理制度的规定')).toBe('关于实施《中华人民共和国公司法》注册资本登记管理制度的规定');
    expect(shortTitle('国务院关于推进普惠金融')).toBe('国务院关于推进普惠金融');
    expect(shortTitle('中华人民共和国市场主体登记管理条例')).toBe('市场主体登记管理条例');
    expect(shortTitle('政策解读：“取名”更自主，市场有活力——司法部、市场监管总局负责人就修订后的《企业名称登记管理规定》答记者问')).toBe('政策解读：“取名”更自主，市场有活力');
  });

  it('tells a national law by its title, and not its implementing regulation', () => {
    expect(isNationalLaw('中华人民共和国劳动合同法')).toBe(true);
    expect(isNationalLaw('《中华人民共和国民法典》')).toBe(true);
    expect(isNationalLaw('中华人民共和国劳动合同法实施条例')).toBe(false);
    expect(isNationalLaw('最高人民法院关于适用《中华人民共和国民法典》婚姻家庭编的解释（一）')).toBe(false);
    expect(isNationalLaw('国务院关于实施《中华人民共和国公司法》注册资本登记管理制度的规定')).toBe(false);
  });
});
