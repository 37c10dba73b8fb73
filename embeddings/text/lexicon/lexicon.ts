/**
 * The lexicon: how people write a thing (everyday words, abbreviations) and how policy texts write it.
 * One data format for every such list, one entry per line, tab-separated:
 *
 *   terms<TAB>written forms<TAB>source
 *   社保<TAB>社会保险<TAB>hand
 *   开公司 开个公司 办公司<TAB>设立 企业 登记 市场主体<TAB>hand
 *
 * - terms: the everyday or abbreviated forms a user types, separated by spaces (term first);
 * - written forms: the forms the texts use, separated by spaces;
 * - source: `hand` (written and reviewed by hand) or `corpus` / `corpus:<file>` (mined from the corpus:
 *   abbreviations it defines itself, mine-abbreviations.ts);
 * - a line starting with `#` is a comment, blank lines are skipped.
 *
 * A bad line fails the whole file with `file:line: reason`. Two lists use the format and are consumed
 * differently (each file says how): search-expansions.tsv (words added to a search, `Expansions`) and
 * coverage-alternatives.tsv (forms that count as a question word when measuring coverage, `Alternatives`).
 * The files are read at run time from the project folder, by the sources and the server bundle alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../project-root.js';
import type { KeyTerms } from '../terms.js';

export interface LexiconEntry {
  /** Everyday or abbreviated forms, as users write them. */
  terms: string[];
  /** The forms the texts use. */
  written: string[];
  /** `hand`; `questions` for an entry mined from the question memory and reviewed; `corpus` / `corpus:<file>` for one mined from the corpus. */
  source: string;
  /** `file:line` of an entry read from a file, for messages about it. */
  at?: string;
}

export const LEXICON_DIR = path.join(PROJECT_ROOT, 'embeddings', 'text', 'lexicon');
export const SEARCH_EXPANSIONS_FILE = path.join(LEXICON_DIR, 'search-expansions.tsv');
export const COVERAGE_ALTERNATIVES_FILE = path.join(LEXICON_DIR, 'coverage-alternatives.tsv');
/** Everyday words → policy words for this corpus's domains: more search expansions, in the same use. */
export const EVERYDAY_FILE = path.join(LEXICON_DIR, 'everyday.tsv');
/** Everyday words of the question memory → written forms, mined (mine-question-words.ts) and reviewed: more search expansions. */
export const QUESTIONS_FILE = path.join(LEXICON_DIR, 'from-questions.tsv');

/** A lexicon file with bad lines; the message has one `file:line: reason` per bad line. */
export class LexiconError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LexiconError';
  }
}

const SOURCE = /^(hand|questions|corpus(:\S+)?)$/;

/** The entries of a lexicon text; `file` names it in messages. Throws a LexiconError listing every bad line. */
export function parseLexicon(text: string, file: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  const problems: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (!line.trim() || line.trimStart().startsWith('#')) return;
      const at = `${file}:${i + 1}`;
      const cols = line.split('\t');
      if (cols.length !== 3) {
        problems.push(`${at}: expected 3 tab-separated columns (terms, written forms, source), found ${cols.length}`);
        return;
      }
      const [terms, written] = [cols[0], cols[1]].map((c) => c.split(/\s+/).filter(Boolean));
      const source = cols[2].trim();
      if (terms.length === 0) problems.push(`${at}: no terms (first column)`);
      else if (written.length === 0) problems.push(`${at}: no written forms (second column)`);
      else if (!SOURCE.test(source)) problems.push(`${at}: unknown source "${source}" (hand, questions, corpus or corpus:<file>)`);
      else entries.push({ terms, written, source, at });
    });
  if (problems.length) throw new LexiconError(problems);
  return entries;
}

/** Reads and parses a lexicon file (errors name it relative to the project folder). */
export function readLexicon(file: string): LexiconEntry[] {
  return parseLexicon(readFileSync(file, 'utf8'), path.relative(PROJECT_ROOT, file) || file);
}

/** Whether an entry was mined from the corpus (its terms are abbreviations the texts themselves use). */
export function isCorpusEntry(e: LexiconEntry): boolean {
  return e.source === 'corpus' || e.source.startsWith('corpus:');
}

/**
 * Query expansion: which written forms to add to a search. A hand entry adds its written forms when
 * the text contains one of its terms. A corpus entry works both ways: the texts define the
 * abbreviation and then use either form, so each form adds the other.
 */
export class Expansions {
  private readonly rules: { from: string[]; to: string[] }[] = [];

  constructor(entries: readonly LexiconEntry[]) {
    for (const e of entries) {
      this.rules.push({ from: e.terms, to: e.written });
      if (isCorpusEntry(e)) this.rules.push({ from: e.written, to: e.terms });
    }
  }

  /** The forms to add for a text (already normalised), in entry order, without those it contains. */
  additionsFor(text: string): string[] {
    const out = new Set<string>();
    for (const r of this.rules) {
      if (!r.from.some((f) => text.includes(f))) continue;
      for (const to of r.to) if (!text.includes(to)) out.add(to);
    }
    return [...out];
  }
}

/**
 * Coverage: the written forms that count as a question word when measuring how much of a question a
 * text covers. A word is looked up whole; it may be the term of one entry only.
 */
export class Alternatives {
  private readonly forms = new Map<string, string[]>();

  constructor(entries: readonly LexiconEntry[]) {
    const problems: string[] = [];
    for (const e of entries) {
      for (const t of e.terms) {
        if (this.forms.has(t)) problems.push(`${e.at ?? e.source}: "${t}" is the term of an earlier entry too`);
        this.forms.set(t, e.written);
      }
    }
    if (problems.length) throw new LexiconError(problems);
  }

  /** Written forms of an everyday word, or none. */
  writtenForms(word: string): string[] {
    return this.forms.get(word) ?? [];
  }

  /** A question's everyday words (and their character pairs) mapped to the written forms a text may use. */
  of(q: KeyTerms): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const w of q.words) {
      const forms = this.writtenForms(w);
      if (forms.length === 0) continue;
      out.set(w, forms);
      const chars = [...w];
      for (let i = 0; i + 1 < chars.length; i++) out.set(chars[i] + chars[i + 1], [...(out.get(chars[i] + chars[i + 1]) ?? []), ...forms]);
    }
    return out;
  }
}

let searchEntries: LexiconEntry[] | undefined;
let coverage: Alternatives | undefined;

/** The search expansions (search-expansions.tsv, everyday.tsv, then from-questions.tsv), read once. */
export function searchExpansions(): LexiconEntry[] {
  searchEntries ??= [...readLexicon(SEARCH_EXPANSIONS_FILE), ...readLexicon(EVERYDAY_FILE), ...readLexicon(QUESTIONS_FILE)];
  return searchEntries;
}

/** The coverage alternatives (coverage-alternatives.tsv), read once. */
export function coverageAlternatives(): Alternatives {
  coverage ??= new Alternatives(readLexicon(COVERAGE_ALTERNATIVES_FILE));
  return coverage;
}

/** A question's everyday words mapped to their written forms, from coverage-alternatives.tsv. */
export function alternativesOf(q: KeyTerms): Map<string, string[]> {
  return coverageAlternatives().of(q);
}
