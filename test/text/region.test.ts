// Province of a document and of a question (embeddings/text/region.ts). The metadata below is copied
// from documents of the bundled corpus (data/corpus, the Jiangsu compilation and national notices).
import { describe, expect, it } from 'vitest';
import { documentRegion, documentRegions, provincesNamed } from '../../embeddings/text/region.js';

describe('region', () => {
  it('reads the province from the title, the issuer or the 文号 abbreviation', () => {
    expect(documentRegion({ title: '省政府关于金融支持制造业发展的若干意见', issuer: '省政府', docNo: '苏政规〔2023〕6号' })).toBe('江苏');
    expect(documentRegion({ title: '国家税务总局江苏省税务局关于开展全面数字化的电子发票试点工作的公告', issuer: '国家税务总局江苏省税务局' })).toBe('江苏');
    expect(documentRegion({ title: '国务院办公厅关于优化调整稳就业政策措施全力促发展惠民生的通知', issuer: '国务院办公厅', docNo: '国办发〔2023〕11号' })).toBeUndefined();
    expect(documentRegion({ title: '中国证监会关于高质量建设北京证券交易所的意见', issuer: '中国证监会' })).toBeUndefined();
  });

  it('gives an issuer named only 省政府办公厅 the province its other documents agree on', () => {
    const regions = documentRegions([
      { title: '省政府办公厅关于推进林草种苗事业高质量发展的意见', issuer: '省政府办公厅', docNo: '苏政办规〔2023〕1号' },
      { title: '省政府办公厅印发关于推动外贸稳规模优结构若干措施的通知', issuer: '省政府办公厅' },
      { title: '关于落实小型微利企业所得税优惠政策征管问题的公告', issuer: '国家税务总局' },
    ]);
    expect(regions).toEqual(['江苏', '江苏', undefined]);
  });

  it('finds the provinces a question names, not a national exchange', () => {
    expect(provincesNamed('江苏的制造企业贷款到期，能不能不先还本金就续贷？')).toEqual(['江苏']);
    expect(provincesNamed('想去北交所挂牌，北京证券交易所有快速审核吗？')).toEqual([]);
  });
});
