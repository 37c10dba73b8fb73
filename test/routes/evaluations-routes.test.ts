/**
 * /api/evaluations in-process, with the CLI's runner over the fixture corpus's parts: a set runs and its
 * figures, items and HTML report come back; a bad set is 400 with its lines; another site's page cannot
 * start a run; reports survive a new runner on the same folder and compare with each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationRunner } from '../../eval/evaluation-runs.js';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { EvaluationRunView } from '../../server/evaluation-runs.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
const answerer = createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats });
const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-eval-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SET = [
  { id: 'a', question: '企业名称由哪些部分组成？', answer: '', evidence: ['企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成'], doc: '', type: 'fact', keywords: [] },
  { id: 'b', question: '高考加分有哪些条件？', answer: '', evidence: [], doc: '', type: 'unanswerable', keywords: [] },
]
  .map((i) => JSON.stringify(i))
  .join('\n');

function app() {
  const runner = new EvaluationRunner(dir, () => ({ store: fx.store, retriever: fx.retriever, answerer }));
  return createApp({ config: loadConfig({}), store: fx.store, indexInfo: { documents: 0, chunks: 0, embedder: '', builtAt: '' }, evaluations: runner });
}

const post = (a: ReturnType<typeof app>, body: unknown, headers: Record<string, string> = {}) =>
  a.request('/api/evaluations', { method: 'POST', headers: { 'content-type': 'application/json', host: 'localhost', ...headers }, body: JSON.stringify(body) });

async function finished(a: ReturnType<typeof app>, id: string): Promise<EvaluationRunView> {
  for (;;) {
    const run = (await (await a.request(`/api/evaluations/${id}`)).json()) as EvaluationRunView;
    if (run.state === 'done' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('/api/evaluations', () => {
  const a = app();
  let first = '';

  it('runs a set: progress, figures, every item with its answer and citations, and the HTML report', async () => {
    const res = await post(a, { name: 'mini.jsonl', set: SET });
    expect(res.status).toBe(202);
    const started = (await res.json()) as EvaluationRunView;
    expect(started).toMatchObject({ name: 'mini.jsonl', total: 2 });
    const run = await finished(a, started.id);
    expect(run.state).toBe('done');
    expect(run.done).toBe(2);
    expect(run.overall?.hit5).toBe(1);
    expect(run.overall?.refusalRate).toBe(1);
    expect(run.items?.map((i) => i.id)).toEqual(['a', 'b']);
    expect(run.items?.[0].citations.some((c) => c.containsEvidence)).toBe(true);
    const html = await a.request(`/api/evaluations/${started.id}/report.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<h1>Cewen evaluation</h1>');
    first = started.id;
  });

  it('refuses a bad set with every bad line, and runs nothing', async () => {
    const before = ((await (await a.request('/api/evaluations')).json()) as { runs: unknown[] }).runs.length;
    const res = await post(a, { name: 'bad.jsonl', set: `${SET}\n{"id":"c","question":""}\nnot json` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: { line: number }[] };
    expect(body.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(((await (await a.request('/api/evaluations')).json()) as { runs: unknown[] }).runs.length).toBe(before);
  });

  it('does not start a run for another site’s page, or from a non-JSON body', async () => {
    expect((await post(a, { name: 'x', set: SET }, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await a.request('/api/evaluations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SET });
    expect(form.status).toBe(415);
  });

  it('keeps reports across a restart, and compares two runs', async () => {
    const again = app();
    expect(((await (await again.request('/api/evaluations')).json()) as { runs: EvaluationRunView[] }).runs.map((r) => r.id)).toContain(first);
    const second = ((await (await post(again, { name: 'mini.jsonl', set: SET })).json()) as EvaluationRunView).id;
    await finished(again, second);
    const html = await (await again.request(`/api/evaluations/${second}/report.html?against=${first}`)).text();
    expect(html).toContain('Against mini.jsonl');
  });
});
