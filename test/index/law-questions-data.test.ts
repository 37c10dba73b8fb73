/**
 * The remembered questions shipped for national laws and the judicial interpretations people ask about
 * (data/law-questions.jsonl, named by title + article so any index holding the law finds them): every
 * line names an article of the statute corpus they were written from (../shared's STARD corpus, when it
 * is beside the repository), and no question copies its article's words (five characters or more in a
 * row) — they are there to bring the words people use, not the text's own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';
import { fiveCharacterCopies, squash } from '../support/question-copies.js';
import { DEFAULT_STARD_DIR } from '../../eval/benchmarks/stard-data.js';
import { readSyntheticQuestions } from '../../server/retrieval/question-source.js';

const FILE = path.join(PROJECT_ROOT, 'data', 'law-questions.jsonl');
const CORPUS = path.resolve(PROJECT_ROOT, DEFAULT_STARD_DIR, 'derived', 'corpus.jsonl.gz');
const lines = readSyntheticQuestions(FILE) ?? [];

describe('data/law-questions.jsonl', () => {
  it('holds questions for thousands of articles, each named once by title and article number', () => {
    expect(lines.length).toBeGreaterThan(5000);
    expect(new Set(lines.map((l) => l.article)).size).toBe(lines.length);
    expect(lines.every((l) => /^\S+第[一二三四五六七八九十百千零]+条(之[一二三四五六七八九十]+)?$/.test(l.article) && l.questions.length > 0)).toBe(true);
  });

  it.skipIf(!existsSync(CORPUS))('names articles of the statute corpus and copies no five-character run of one', () => {
    const text = new Map<string, string>();
    for (const row of gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n')) {
      if (!row.trim()) continue;
      const r = JSON.parse(row) as { law: string; article: string; content: string };
      text.set(r.law + r.article, squash(r.law) + squash(r.content));
    }
    expect(lines.filter((l) => !text.has(l.article)).map((l) => l.article)).toEqual([]);
    expect(fiveCharacterCopies(lines, (a) => text.get(a))).toEqual([]);
  });
});
