/**
 * The text functions the index and the query side share: article numbers, 文号 spellings, tokens.
 */
import { describe, expect, it } from 'vitest';
import { articleLabel, articleNumbers, parseChineseNumber, toChineseNumber } from '../../embeddings/text/numerals.js';
import { findDocNumbers, formatDocNumber, parseDocNumber, sameDocNumber } from '../../embeddings/text/doc-number.js';
import { mineAbbreviations } from '../../embeddings/text/lexicon/mine-abbreviations.js';
import { ARTICLE_PREFIX, BIGRAM_PREFIX, tokenize } from '../../embeddings/text/tokenize.js';
import { analyzeQuestion } from '../../embeddings/text/analyze-question.js';

describe('article numbers', () => {
  it('reads and writes Chinese numerals both ways', () => {
    for (let n = 1; n <= 1200; n++) expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
    expect(toChineseNumber(43)).toBe('四十三');
    expect(toChineseNumber(10)).toBe('十');
    expect(toChineseNumber(102)).toBe('一百零二');
    expect(toChineseNumber(110)).toBe('一百一十');
    expect(parseChineseNumber('两百')).toBe(200);
  });

  it('finds 第43条 in any spelling', () => {
    expect(articleNumbers('依照第43条和第 四十四 条，以及第四十三条之一')).toEqual(['43', '44', '43-1']);
    expect(articleNumbers('第４３条')).toEqual([]);
    expect(articleNumbers('第４３条'.normalize('NFKC'))).toEqual(['43']);
    expect(articleLabel('43')).toBe('第四十三条');
    expect(articleLabel('43-1')).toBe('第四十三条之一');
  });
});

describe('文号', () => {
  const canonical = parseDocNumber('国办发〔2024〕3号')!;

  it('matches every spelling users and PDFs produce', () => {
    for (const s of ['国办发(2024)3 号', '国办发（2024）3号', '国办发［2024］第3号', '国办发 〔 2024 〕 3 号', '根据国办发[2024]3号文件']) {
      const d = parseDocNumber(s);
      expect(d, s).toBeDefined();
      expect(sameDocNumber(d!, canonical), s).toBe(true);
    }
    expect(formatDocNumber(parseDocNumber('国办发(2024)3 号')!)).toBe('国办发〔2024〕3号');
  });

  it('does not confuse documents with the same year and number', () => {
    expect(sameDocNumber(parseDocNumber('国发〔2024〕3号')!, canonical)).toBe(false);
    expect(sameDocNumber(parseDocNumber('国办发〔2023〕3号')!, canonical)).toBe(false);
    expect(sameDocNumber(parseDocNumber('国办发〔2024〕13号')!, canonical)).toBe(false);
  });

  it('reads announcements and decrees', () => {
    const [a, b] = findDocNumbers('财政部 税务总局公告 2023 年第 6 号；中华人民共和国国务院令 第734号');
    expect(a).toMatchObject({ kind: 'announcement', year: 2023, serial: 6 });
    expect(b).toMatchObject({ kind: 'decree', serial: 734 });
    expect(sameDocNumber(parseDocNumber('国务院令第734号')!, b)).toBe(true);
  });
});

describe('tokens', () => {
  it('gives words, bigrams and one article token for either numeral', () => {
    const a = tokenize('市场主体登记管理条例第43条');
    const b = tokenize('市场主体登记管理条例第四十三条');
    expect(a).toContain(`${ARTICLE_PREFIX}43`);
    expect(b).toContain(`${ARTICLE_PREFIX}43`);
    expect(a).toContain('登记');
    expect(a).toContain(`${BIGRAM_PREFIX}主体`);
  });

  it('ignores spaces left inside sentences by PDF extraction, and full-width forms', () => {
    expect(tokenize('小 微企业').filter((t) => t.startsWith(BIGRAM_PREFIX))).toEqual(tokenize('小微企业').filter((t) => t.startsWith(BIGRAM_PREFIX)));
    expect(tokenize('ＡＢＣ１２３')).toEqual(tokenize('abc123'));
  });

  it('never forms a bigram across punctuation or lines', () => {
    expect(tokenize('企业，条件\n登记')).not.toContain(`${BIGRAM_PREFIX}业条`);
    expect(tokenize('企业，条件\n登记')).not.toContain(`${BIGRAM_PREFIX}件登`);
  });
});

describe('query analysis', () => {
  it('spells article numbers and 文号 the corpus way and drops question words', () => {
    const q = analyzeQuestion('国办发(2024)3 号第3条讲的是什么？');
    expect(q.text).toContain('国办发〔2024〕3号');
    expect(q.text).toContain('第三条');
    expect(q.articles).toEqual(['3']);
    expect(q.docNumbers[0]).toMatchObject({ prefix: '国办发', year: 2024, serial: 3 });
    expect(q.content).not.toContain('什么');
  });
});

describe('abbreviations mined from the corpus', () => {
  it('pairs a short form with the full name it abbreviates', () => {
    const found = mineAbbreviations([
      { text: '北京证券交易所（以下简称北交所）将加快审核。本办法所称医疗保障基金（以下简称“医保基金”），' },
      // A plain substring adds nothing; a generic 《规划》 is not an abbreviation of anything.
      { text: '特许经营项目实施机构（以下简称项目实施机构）；《数字中国建设整体布局规划》（以下简称《规划》）' },
    ]);
    expect(found).toEqual([
      { short: '北交所', full: '北京证券交易所' },
      { short: '医保基金', full: '医疗保障基金' },
    ]);
  });
});
