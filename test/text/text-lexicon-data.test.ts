/**
 * The lexicon as data: every file parses, every written form occurs in the bundled corpus (an expansion
 * the texts never use can only add noise), and everyday.tsv is term-first, free of one-character terms
 * that would fire inside unrelated words, and large enough to matter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_ALTERNATIVES_FILE, EVERYDAY_FILE, QUESTIONS_FILE, readLexicon, SEARCH_EXPANSIONS_FILE } from '../../embeddings/text/lexicon/lexicon.js';
import { compactText } from '../../embeddings/text/normalize.js';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';

const corpusDir = path.join(PROJECT_ROOT, 'data', 'corpus');
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => compactText(readFileSync(path.join(corpusDir, f), 'utf8')))
  .join('\n');

describe('the lexicon files', () => {
  for (const file of [SEARCH_EXPANSIONS_FILE, COVERAGE_ALTERNATIVES_FILE, EVERYDAY_FILE, QUESTIONS_FILE]) {
    it(`${path.basename(file)}: every written form occurs in the bundled corpus`, () => {
      const missing = readLexicon(file).flatMap((e) => e.written.filter((w) => !corpus.includes(compactText(w))).map((w) => `${e.at}: ${w}`));
      expect(missing).toEqual([]);
    });
  }

  it('everyday.tsv: at least 1,500 entries, each with its source, term-first, no term of one character or holding its own written form', () => {
    const entries = readLexicon(EVERYDAY_FILE);
    expect(entries.length).toBeGreaterThanOrEqual(1500);
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const e of entries) {
      expect(e.source).toBe('hand');
      for (const t of e.terms) {
        if ([...t].length < 2) problems.push(`${e.at}: "${t}" is one character`);
        if (e.written.some((w) => t.includes(w))) problems.push(`${e.at}: "${t}" holds one of its written forms`);
        if (seen.has(t)) problems.push(`${e.at}: "${t}" is a term of ${seen.get(t)} too`);
        seen.set(t, e.at ?? '');
      }
    }
    expect(problems).toEqual([]);
  });

  it('from-questions.tsv: mined from the question memory, one term per entry, none of one character or already a hand-written term', () => {
    const entries = readLexicon(QUESTIONS_FILE);
    expect(entries.length).toBeGreaterThan(100);
    const hand = new Set([...readLexicon(SEARCH_EXPANSIONS_FILE), ...readLexicon(EVERYDAY_FILE)].flatMap((e) => e.terms));
    const problems: string[] = [];
    for (const e of entries) {
      if (e.source !== 'questions') problems.push(`${e.at}: source ${e.source}`);
      if (e.terms.length !== 1) problems.push(`${e.at}: ${e.terms.length} terms`);
      for (const t of e.terms) {
        if ([...t].length < 2) problems.push(`${e.at}: "${t}" is one character`);
        if (hand.has(t)) problems.push(`${e.at}: "${t}" is a hand-written term too`);
        if (e.written.some((w) => t.includes(w) || w.includes(t))) problems.push(`${e.at}: "${t}" overlaps one of its written forms`);
      }
    }
    expect(problems).toEqual([]);
  });
});
