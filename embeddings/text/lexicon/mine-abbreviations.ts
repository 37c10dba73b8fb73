/**
 * Abbreviations the corpus defines itself: 北京证券交易所（以下简称北交所）, 医疗保障基金（以下简称医保基金）.
 * Users write the short form, a later article may use either: the query side expands one into the other
 * (as lexicon entries of source `corpus`, which expand both ways: lexicon.ts).
 *
 * The full name is the shortest tail of the text before the bracket that contains the short form's
 * characters in order (that is how Chinese abbreviations are made). Pairs where the short form is a
 * plain substring of the full name (特许经营项目实施机构 → 项目实施机构, 《意见》, 计划) add nothing and
 * are dropped.
 */
import type { CorpusDocument } from '../../types.js';
import { nfkc } from '../normalize.js';
import type { LexiconEntry } from './lexicon.js';

export interface Abbreviation {
  short: string;
  full: string;
}

const DEFINITION = /([\u4e00-\u9fa5A-Za-z0-9“”"]{2,30})[（(](?:以下)?简称[“"《]?([\u4e00-\u9fa5A-Za-z0-9]{2,10})[”"》]?[，,、）)]/g;

export function mineAbbreviations(documents: readonly Pick<CorpusDocument, 'text'>[]): Abbreviation[] {
  const found = new Map<string, Abbreviation>();
  for (const d of documents) {
    for (const m of nfkc(d.text).matchAll(DEFINITION)) {
      const before = m[1].replace(/[“”"]/g, '');
      const short = m[2];
      const full = shortestTailContaining(before, short);
      if (!full || full === short || full.includes(short) || full.length > 20) continue;
      found.set(`${short}\u0000${full}`, { short, full });
    }
  }
  return [...found.values()].sort((a, b) => (a.short + a.full < b.short + b.full ? -1 : 1));
}

/** The abbreviations as lexicon entries: the short form is the term, the full name its written form. */
export function abbreviationEntries(abbreviations: readonly Abbreviation[]): LexiconEntry[] {
  return abbreviations.map((a) => ({ terms: [a.short], written: [a.full], source: 'corpus' }));
}

/** The shortest suffix of `text` that starts with short[0] and contains `short` as a subsequence. */
function shortestTailContaining(text: string, short: string): string | undefined {
  for (let start = text.length - 1; start >= 0; start--) {
    if (text[start] !== short[0]) continue;
    let j = 0;
    for (let i = start; i < text.length && j < short.length; i++) if (text[i] === short[j]) j++;
    if (j === short.length) return text.slice(start);
  }
  return undefined;
}
