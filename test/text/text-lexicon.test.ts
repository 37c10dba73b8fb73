/**
 * The lexicon format (embeddings/text/lexicon/lexicon.ts): one entry per line, terms first, bad lines
 * reported as file:line; and the two uses, search expansions and coverage alternatives.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Alternatives,
  COVERAGE_ALTERNATIVES_FILE,
  coverageAlternatives,
  Expansions,
  LexiconError,
  parseLexicon,
  SEARCH_EXPANSIONS_FILE,
  searchExpansions,
} from '../../embeddings/text/lexicon/lexicon.js';
import { abbreviationEntries } from '../../embeddings/text/lexicon/mine-abbreviations.js';
import { keyTerms } from '../../embeddings/text/terms.js';
import { QueryExpander } from '../../server/retrieval/query-expansion.js';

const GOOD = [
  '\uFEFF# everyday forms → written forms',
  '',
  '社保\t社会保险\thand',
  '  # an indented comment',
  '开公司 办公司\t设立 企业 登记\thand\r',
  '北交所\t北京证券交易所\tcorpus:000_a.txt',
].join('\n');

describe('the lexicon format', () => {
  it('reads entries with their terms, written forms, source and line', () => {
    expect(parseLexicon(GOOD, 'x.tsv')).toEqual([
      { terms: ['社保'], written: ['社会保险'], source: 'hand', at: 'x.tsv:3' },
      { terms: ['开公司', '办公司'], written: ['设立', '企业', '登记'], source: 'hand', at: 'x.tsv:5' },
      { terms: ['北交所'], written: ['北京证券交易所'], source: 'corpus:000_a.txt', at: 'x.tsv:6' },
    ]);
  });

  it('reports a bad line as file:line and a reason', () => {
    const bad = `${GOOD}\n医保 = 医疗保险\n`;
    expect(() => parseLexicon(bad, 'lexicon/x.tsv')).toThrow(LexiconError);
    expect(() => parseLexicon(bad, 'lexicon/x.tsv')).toThrow(/^lexicon\/x\.tsv:7: expected 3 tab-separated columns/);
    expect(() => parseLexicon('社保\t\thand', 'x.tsv')).toThrow('x.tsv:1: no written forms (second column)');
    expect(() => parseLexicon(' \t社会保险\thand', 'x.tsv')).toThrow('x.tsv:1: no terms (first column)');
    expect(() => parseLexicon('# ok\n社保\t社会保险\tmined', 'x.tsv')).toThrow('x.tsv:2: unknown source "mined"');
  });

  it('lists every bad line of a file', () => {
    try {
      parseLexicon('a\tb\n社保\t社会保险\thand\nc', 'x.tsv');
      expect.unreachable();
    } catch (e) {
      expect((e as LexiconError).problems.map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['x.tsv:1', 'x.tsv:3']);
    }
  });

  it('parses the shipped files, found from the project folder', () => {
    expect(path.basename(path.dirname(SEARCH_EXPANSIONS_FILE))).toBe('lexicon');
    expect(searchExpansions().length).toBeGreaterThan(50);
    expect(searchExpansions().every((e) => e.source === 'hand' || e.source === 'questions')).toBe(true);
    expect(searchExpansions().some((e) => e.source === 'questions')).toBe(true);
    expect(coverageAlternatives().writtenForms('社保')).toEqual(['社会保险']);
    expect(path.dirname(COVERAGE_ALTERNATIVES_FILE)).toBe(path.dirname(SEARCH_EXPANSIONS_FILE));
  });
});

describe('search expansions', () => {
  it('add the written forms a text lacks, hand entries one way and corpus entries both ways', () => {
    const x = new Expansions([...parseLexicon('社保\t社会保险 社保卡\thand', 'x.tsv'), ...abbreviationEntries([{ short: '北交所', full: '北京证券交易所' }])]);
    expect(x.additionsFor('社保怎么交')).toEqual(['社会保险', '社保卡']);
    expect(x.additionsFor('社会保险怎么交')).toEqual([]);
    expect(x.additionsFor('北交所上市')).toEqual(['北京证券交易所']);
    expect(x.additionsFor('北京证券交易所上市')).toEqual(['北交所']);
  });

  it('are what the query expander adds, after normalising the question', () => {
    const q = new QueryExpander([{ short: '北交所', full: '北京证券交易所' }]);
    expect(q.expand('个税 和 北交所')).toEqual(['个人所得税', '北京证券交易所']);
    expect(new QueryExpander([], []).expand('个税')).toEqual([]);
  });
});

describe('coverage alternatives', () => {
  it('map a question word and its character pairs to written forms', () => {
    const alt = new Alternatives(parseLexicon('公积金\t住房公积金\thand', 'x.tsv'));
    expect(alt.writtenForms('公积金')).toEqual(['住房公积金']);
    expect(alt.writtenForms('住房公积金')).toEqual([]);
    expect([...alt.of({ words: ['公积金', '提取'], bigrams: [] })]).toEqual([
      ['公积金', ['住房公积金']],
      ['公积', ['住房公积金']],
      ['积金', ['住房公积金']],
    ]);
    expect(
      coverageAlternatives()
        .of(keyTerms('公积金怎么提取？', { question: true }))
        .get('公积金'),
    ).toEqual(['住房公积金']);
  });

  it('refuse a word that two entries define', () => {
    expect(() => new Alternatives(parseLexicon('钱\t资金\thand\n钱\t费用\thand', 'x.tsv'))).toThrow('x.tsv:2: "钱" is the term of an earlier entry too');
  });
});
