/**
 * Evaluation runs started from the browser (server/evaluation-runs.ts is the contract): a set is checked
 * as the CLI checks it (every bad line listed), queued, and run one at a time against the server's current
 * parts in-process — the same runner, report and HTML as `npm run eval`. Each report is kept as JSON in
 * `dir`, so runs survive a restart and any two can be compared (the CLI's --against).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InvalidSetError, type EvaluationRunView, type EvaluationRuns } from '../server/evaluation-runs.js';
import type { Answerer, CorpusStore, Retriever } from '../server/types.js';
import { compareReports } from './compare.js';
import { createInProcessTarget } from './in-process-target.js';
import { EvalSetError, parseSet } from './load-set.js';
import { buildReport } from './report.js';
import { renderReportHtml } from './report-html.js';
import { runSet } from './run-set.js';
import type { EvalItem, EvalReport } from './types.js';

/** The server's parts at the moment a run starts (the library may change them later). */
export interface LiveParts {
  store: CorpusStore;
  retriever: Retriever;
  answerer: Answerer;
}

/** Items a set may hold when run from the browser: a run answers them one after another. */
export const MAX_ITEMS = 2000;
const K = 5;

interface Run {
  view: EvaluationRunView;
  items: EvalItem[];
  report?: EvalReport;
}

function viewOf(report: EvalReport): Pick<EvaluationRunView, 'overall' | 'items'> {
  return {
    overall: report.overall as unknown as Record<string, number | null>,
    items: report.items.map((r) => ({
      id: r.id,
      question: r.question,
      type: r.type,
      status: r.status,
      rank: r.rank,
      evidenceShown: r.evidenceCited,
      failures: r.failures,
      answer: r.answer,
      citations: r.citations.map((c) => ({ n: c.n, docTitle: c.docTitle, article: c.article, containsEvidence: c.containsEvidence })),
    })),
  };
}

export class EvaluationRunner implements EvaluationRuns {
  private readonly runs = new Map<string, Run>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly parts: () => LiveParts,
    private readonly log: (line: string) => void = () => {},
  ) {
    // Reports of earlier runs, newest first in list().
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      try {
        const saved = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { view: EvaluationRunView; report: EvalReport };
        this.runs.set(saved.view.id, { view: saved.view, items: [], report: saved.report });
      } catch (e) {
        log(`${path.join(dir, f)}: unreadable evaluation report, skipped (${(e as Error).message})`);
      }
    }
  }

  start(name: string, text: string): EvaluationRunView {
    let items: EvalItem[];
    try {
      items = parseSet(text, name);
    } catch (e) {
      if (e instanceof EvalSetError) throw new InvalidSetError(e.problems);
      throw e;
    }
    if (items.length > MAX_ITEMS) throw new InvalidSetError([{ line: 0, message: `${items.length} items; at most ${MAX_ITEMS} run from the browser (the CLI runs any number)` }]);
    const id = `${new Date()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14)}-${randomBytes(3).toString('hex')}`;
    const run: Run = { view: { id, name, createdAt: new Date().toISOString(), state: 'queued', done: 0, total: items.length, failed: 0 }, items };
    this.runs.set(id, run);
    this.queue = this.queue.then(() => this.execute(run));
    return { ...run.view };
  }

  private async execute(run: Run): Promise<void> {
    run.view.state = 'running';
    try {
      const parts = this.parts();
      const target = createInProcessTarget({ store: parts.store, retrievers: { server: parts.retriever }, primary: 'server', answerer: parts.answerer });
      const out = await runSet(run.items, target, {
        k: K,
        onItem: (done, _total, r) => {
          run.view.done = done;
          if (r.failures.length) run.view.failed++;
        },
      });
      run.report = buildReport(out, { setFile: run.view.name, target: 'this server (in-process)', primary: 'server', k: K, info: await target.info() });
      Object.assign(run.view, { state: 'done' }, viewOf(run.report));
      fs.mkdirSync(this.dir, { recursive: true });
      const file = path.join(this.dir, `${run.view.id}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ view: { ...run.view, items: undefined }, report: run.report }));
      fs.renameSync(`${file}.tmp`, file);
    } catch (e) {
      run.view.state = 'failed';
      run.view.error = (e as Error).message;
      this.log(`evaluation ${run.view.id} failed: ${(e as Error).message}`);
    }
    run.items = [];
  }

  list(): EvaluationRunView[] {
    return [...this.runs.values()].map((r) => ({ ...r.view, items: undefined })).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): EvaluationRunView | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    return run.report ? { ...run.view, ...viewOf(run.report) } : { ...run.view };
  }

  html(id: string, against?: string): string | undefined {
    const report = this.runs.get(id)?.report;
    if (!report) return undefined;
    const old = against ? this.runs.get(against) : undefined;
    return renderReportHtml(report, old?.report ? compareReports(old.report, report, `${old.view.name} (${old.view.createdAt})`) : undefined);
  }
}
