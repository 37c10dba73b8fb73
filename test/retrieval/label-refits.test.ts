/**
 * Confirmations in a burst make one refit, after a pause, and refits come at most once per interval: ten
 * labels in a row no longer mean ten fits on the request path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelRecorder } from '../../server/retrieval/learned/label-recorder.js';
import type { ArticleTable } from '../../server/retrieval/learned/labels.js';
import type { LearnedState } from '../../server/retrieval/learned/learned-retriever.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-refits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A learned ranking that knows three articles and counts its preparations. */
function fakeLearned() {
  const entries = ['a', 'b', 'c'].map((id) => ({ id: `doc:${id}`, title: `文件${id}`, label: '第一条', chunks: [0] }));
  const prepared: number[] = [];
  return {
    prepared,
    articles: { resolve: (ref: string) => entries.filter((e) => e.id === ref) } as unknown as ArticleTable,
    status: { state: 'off' } as LearnedState,
    prepare: async () => {
      prepared.push(Date.now());
      return { state: 'off' } as LearnedState;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('refits after confirmations', () => {
  it('a burst of ten confirmations makes one refit, after the pause', async () => {
    const learned = fakeLearned();
    const file = path.join(dir, 'burst.jsonl');
    const recorder = new LabelRecorder(file, learned, () => {}, { debounceMs: 500, minIntervalMs: 0 });
    for (let i = 0; i < 10; i++) await recorder.confirm(`问题${i}`, [`doc:${'abc'[i % 3]}`], { trusted: true });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(10);
    expect(learned.prepared).toHaveLength(0);
    await sleep(1200);
    expect(learned.prepared).toHaveLength(1);
  });

  it('a second burst waits for the interval since the last refit', async () => {
    const learned = fakeLearned();
    const recorder = new LabelRecorder(path.join(dir, 'interval.jsonl'), learned, () => {}, { debounceMs: 20, minIntervalMs: 300 });
    await recorder.confirm('第一个问题', ['doc:a'], { trusted: true });
    await sleep(80);
    expect(learned.prepared).toHaveLength(1);
    await recorder.confirm('第二个问题', ['doc:b'], { trusted: true });
    await sleep(80);
    // Not yet: the interval since the first refit has not passed.
    expect(learned.prepared).toHaveLength(1);
    await sleep(300);
    expect(learned.prepared).toHaveLength(2);
    expect(learned.prepared[1] - learned.prepared[0]).toBeGreaterThanOrEqual(290);
  });
});

describe('the refit worker', () => {
  it('fits in a worker thread the same weights the server thread would fit', async () => {
    const { fixtureIndex, FIXTURE_CORPUS, FIXTURE_INDEX_DIR } = await import('../support/test-index.js');
    const { fitInWorker } = await import('../../server/retrieval/learned/refit-in-worker.js');
    const { loadConfig } = await import('../../server/config.js');
    const { writeFileSync } = await import('node:fs');
    const opened = await fixtureIndex();
    // Forty labelled questions (over the thirty a fit needs): each chunk's first words, answered by its article.
    const lines = opened.index.chunks
      .filter((c) => c.text.length > 40)
      .slice(0, 40)
      .map((c) => JSON.stringify({ question: `${c.text.replace(/^\S{1,8}[、\s]/, '').slice(0, 18)}？`, articles: [c.id] }));
    expect(lines.length).toBe(40);
    const file = path.join(dir, 'worker-labels.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const config = loadConfig({ CORPUS_DIR: FIXTURE_CORPUS, INDEX_DIR: FIXTURE_INDEX_DIR, SYNTHETIC_QUESTIONS: path.join(dir, 'none.jsonl') });
    const fromWorker = await fitInWorker(config, file);
    const here = await opened.retrievers.learned.prepare({ labelsFile: file, refit: true, cache: false });
    expect(here.state).toBe('ready');
    expect(fromWorker).toEqual(here.state === 'ready' ? here.weights : undefined);
    // The server thread takes them as they are: no fit of its own.
    const logs: string[] = [];
    const taken = await opened.retrievers.learned.prepare({ labelsFile: file, cache: false, weights: fromWorker, onLog: (l) => logs.push(l) });
    expect(taken).toMatchObject({ state: 'ready', weights: fromWorker });
    expect(logs.some((l) => l.startsWith('Learning a ranking'))).toBe(false);
  }, 120_000);
});
