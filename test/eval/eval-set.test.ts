/**
 * Checks the evaluation sets in eval/sets/ against the bundled corpus.
 *
 * Deliberately reads the files directly and uses no project code: the quotes are the ground
 * truth the retrieval metrics rest on, so this check must not depend on the corpus pipeline
 * (cleaning, splitting) that it is meant to judge.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SETS_DIR = join(ROOT, 'eval', 'sets');
const CORPUS_DIR = join(ROOT, 'data', 'corpus');

const TYPES = ['fact', 'number', 'article', 'who', 'docno', 'list', 'multi', 'unanswerable'];
const REQUIRED = ['id', 'question', 'answer', 'evidence', 'doc', 'type', 'keywords'];

/** The hit rule of the evaluation: whitespace is removed from both sides before matching. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

const corpusFiles = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const corpusByFile = new Map(corpusFiles.map((f) => [f, squeeze(readFileSync(join(CORPUS_DIR, f), 'utf8'))]));
const corpusAll = [...corpusByFile.values()].join('');

const setFiles = readdirSync(SETS_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

interface Line {
  line: number;
  value: Record<string, unknown>;
}

/** Parses a set; JSON errors are returned as problems instead of thrown, so every bad line is reported. */
function readSet(file: string): { lines: Line[]; problems: string[] } {
  const lines: Line[] = [];
  const problems: string[] = [];
  readFileSync(join(SETS_DIR, file), 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        const value: unknown = JSON.parse(raw);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`line ${i + 1}: not a JSON object`);
        else lines.push({ line: i + 1, value: value as Record<string, unknown> });
      } catch (err) {
        problems.push(`line ${i + 1}: invalid JSON (${(err as Error).message})`);
      }
    });
  return { lines, problems };
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

it('finds the corpus and at least one evaluation set', () => {
  expect(corpusFiles).toHaveLength(5);
  expect(setFiles).toContain('dev.jsonl');
  expect(setFiles).toContain('holdout.jsonl');
});

describe.each(setFiles)('evaluation set %s', (file) => {
  const { lines, problems: parseProblems } = readSet(file);

  it('every line is a JSON object with the required fields and a known type', () => {
    const problems = [...parseProblems];
    for (const { line, value } of lines) {
      for (const key of REQUIRED) if (!(key in value)) problems.push(`line ${line}: missing "${key}"`);
      for (const key of ['id', 'question', 'answer', 'doc', 'type'] as const)
        if (key in value && typeof value[key] !== 'string') problems.push(`line ${line}: "${key}" must be a string`);
      if (typeof value.question === 'string' && value.question.trim() === '') problems.push(`line ${line}: empty question`);
      if (!isStringArray(value.evidence)) problems.push(`line ${line}: "evidence" must be an array of strings`);
      if (!isStringArray(value.keywords)) problems.push(`line ${line}: "keywords" must be an array of strings`);
      if (!TYPES.includes(value.type as string)) problems.push(`line ${line}: unknown type ${JSON.stringify(value.type)}`);
    }
    expect(problems).toEqual([]);
  });

  it('ids are unique', () => {
    const seen = new Map<string, number>();
    const problems: string[] = [];
    for (const { line, value } of lines) {
      const id = String(value.id);
      if (seen.has(id)) problems.push(`line ${line}: id ${id} already used on line ${seen.get(id)}`);
      else seen.set(id, line);
    }
    expect(problems).toEqual([]);
  });

  it('an item is unanswerable exactly when it has no evidence', () => {
    const problems: string[] = [];
    for (const { line, value } of lines) {
      const evidence = isStringArray(value.evidence) ? value.evidence : [];
      const unanswerable = value.type === 'unanswerable';
      if (unanswerable && evidence.length > 0) problems.push(`line ${line}: unanswerable item with evidence`);
      if (!unanswerable && evidence.length === 0) problems.push(`line ${line}: ${String(value.type)} item without evidence`);
      if (unanswerable && value.doc) problems.push(`line ${line}: unanswerable item names a document`);
    }
    expect(problems).toEqual([]);
  });

  it('every evidence quote occurs in the corpus, whitespace ignored', () => {
    const problems: string[] = [];
    for (const { line, value } of lines) {
      if (!isStringArray(value.evidence)) continue;
      for (const quote of value.evidence) {
        const q = squeeze(quote);
        if (q === '') problems.push(`line ${line}: empty quote`);
        else if (!corpusAll.includes(q)) problems.push(`line ${line}: not in the corpus: ${quote}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a "file" field names a corpus file that holds the item\'s quotes', () => {
    const problems: string[] = [];
    for (const { line, value } of lines) {
      if (!('file' in value)) continue;
      const text = corpusByFile.get(String(value.file));
      if (text === undefined) {
        problems.push(`line ${line}: unknown corpus file ${JSON.stringify(value.file)}`);
        continue;
      }
      for (const quote of isStringArray(value.evidence) ? value.evidence : [])
        if (!text.includes(squeeze(quote))) problems.push(`line ${line}: quote not in ${String(value.file)}: ${quote}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the project set eval/sets/dev.jsonl', () => {
  const { lines } = readSet('dev.jsonl');
  const items = lines.map((l) => ({ line: l.line, ...l.value })) as Array<Record<string, unknown> & { line: number }>;
  const answerable = items.filter((i) => i.type !== 'unanswerable');

  it('is large enough, with unanswerable items, every type and all five corpus files', () => {
    expect(items.length).toBeGreaterThanOrEqual(120);
    expect(items.filter((i) => i.type === 'unanswerable').length).toBeGreaterThanOrEqual(15);
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(TYPES));
    expect(new Set(answerable.map((i) => i.file))).toEqual(new Set(corpusFiles));
  });
});

describe.each(setFiles)('authoring rules of %s', (file) => {
  const { lines } = readSet(file);
  const items = lines.map((l) => ({ line: l.line, ...l.value })) as Array<Record<string, unknown> & { line: number }>;
  const answerable = items.filter((i) => i.type !== 'unanswerable');

  it('answerable items follow the authoring rules: 1–3 quotes of 15–80 characters, keywords drawn from them', () => {
    const problems: string[] = [];
    for (const item of answerable) {
      const evidence = isStringArray(item.evidence) ? item.evidence : [];
      const keywords = isStringArray(item.keywords) ? item.keywords : [];
      if (evidence.length > 3) problems.push(`line ${item.line}: ${evidence.length} quotes (at most 3)`);
      if (item.type === 'multi' && evidence.length < 2) problems.push(`line ${item.line}: multi item needs two quotes`);
      for (const quote of evidence) {
        const n = [...squeeze(quote)].length;
        if (n < 15 || n > 80) problems.push(`line ${item.line}: quote of ${n} characters: ${quote}`);
      }
      if (!item.doc) problems.push(`line ${item.line}: answerable item without "doc"`);
      if (keywords.length < 2 || keywords.length > 4) problems.push(`line ${item.line}: ${keywords.length} keywords (2–4)`);
      const joined = squeeze(evidence.join(''));
      for (const k of keywords) if (!joined.includes(squeeze(k))) problems.push(`line ${item.line}: keyword not in the evidence: ${k}`);
    }
    expect(problems).toEqual([]);
  });
});
