/**
 * The remembered questions shipped for the bundled corpus (data/synthetic-questions.jsonl): every line
 * names an article of the bundled index, and no question copies the words of its article (five
 * characters or more in a row) — they are there to bring the words people use, not the text's own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';
import { fiveCharacterCopies, squash } from '../support/question-copies.js';
import { loadQuestionBank, type SyntheticLine } from '../../server/retrieval/question-source.js';
import { RetrievalContext } from '../../server/retrieval/retrieval-context.js';
import type { OpenedIndex } from '../../server/runtime.js';
import { realIndex } from '../support/test-index.js';

const FILE = path.join(PROJECT_ROOT, 'data', 'synthetic-questions.jsonl');
const lines = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as SyntheticLine);

let opened: OpenedIndex;
beforeAll(async () => {
  opened = await realIndex();
}, 300_000);

describe('data/synthetic-questions.jsonl', () => {
  it('names only articles of the bundled index, each once', () => {
    const articles = new Set(opened.index.chunks.map((c) => c.articleId));
    expect(lines.filter((l) => !articles.has(l.article)).map((l) => l.article)).toEqual([]);
    expect(new Set(lines.map((l) => l.article)).size).toBe(lines.length);
    const bank = loadQuestionBank(FILE, new RetrievalContext(opened.index));
    expect(bank?.unresolved).toBe(0);
    expect(bank?.memory.size).toBe(lines.reduce((a, l) => a + l.questions.length, 0));
  });

  it('copies no five-character run of its article', () => {
    const text = new Map<string, string>();
    opened.index.chunks.forEach((c, i) => {
      text.set(c.articleId, (text.get(c.articleId) ?? squash(opened.index.documents[opened.index.chunkDoc[i]].title)) + squash(c.text));
    });
    expect(fiveCharacterCopies(lines, (a) => text.get(a))).toEqual([]);
  });
});
