/**
 * `npm run eval -- --set FILE [--url URL] [--k 5] [--out DIR] [--compare] [--against OLD.json]
 *  [--min-hit5 X …] [--limit N]`
 *
 * Exit codes: 0 ran and met every threshold; 1 ran but missed a threshold; 2 could not run
 * (bad arguments, bad set, server or index unavailable).
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { loadConfig, loadDotEnv } from '../server/config.js';
import { DEFAULT_OUT, USAGE, UsageError, parseCli, type CliOptions } from '../eval/cli-args.js';
import { compareReports, formatAgainst, loadReport, type AgainstResult } from '../eval/compare.js';
import { createHttpTarget } from '../eval/http-target.js';
import { createJudge } from '../eval/judge.js';
import { loadSet } from '../eval/load-set.js';
import { createProgress } from '../eval/progress.js';
import { buildReport } from '../eval/report.js';
import { renderReportHtml } from '../eval/report-html.js';
import { runSet } from '../eval/run-set.js';
import { formatComparison, formatSummary } from '../eval/summary-table.js';
import { checkThresholds } from '../eval/thresholds.js';
import type { EvalTarget } from '../eval/types.js';

function timestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

async function main(argv: string[]): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let target: EvalTarget | undefined;
  try {
    const all = await loadSet(opts.set);
    const items = opts.limit ? all.slice(0, opts.limit) : all;
    const old = opts.against ? await loadReport(opts.against) : undefined;
    loadDotEnv();
    const config = loadConfig();
    if (opts.url) {
      target = createHttpTarget(opts.url);
    } else {
      // Loaded only here: a run against a server needs none of the index code.
      const { loadInProcessTarget } = await import('../eval/real-parts.js');
      target = await loadInProcessTarget(config, { compare: opts.compare, rewrites: opts.rewrites, answers: opts.answers, progress: createProgressReporter() });
    }
    if (opts.compare && Object.keys(target.retrievers).length < 2) {
      process.stderr.write('--compare: only one retriever is available; nothing to compare.\n');
    }
    const info = await target.info();
    const judge = await createJudge(config.llm);

    const started = new Date();
    const progress = createProgress('eval', items.length);
    let failed = 0;
    const run = await runSet(items, target, {
      k: opts.k,
      compare: opts.compare,
      judge,
      onItem(done, total, result) {
        if (result.failures.length) failed++;
        progress.update(done, total, failed);
      },
      onJudgeError(err) {
        process.stderr.write(`\nJudge failed, correctness not graded for the remaining items: ${err.message}\n`);
      },
    });
    progress.stop();

    const report = buildReport(run, {
      setFile: opts.set,
      limit: opts.limit,
      target: target.description,
      primary: target.primary,
      baseline: target.baseline,
      k: opts.k,
      info: { ...info, judge: judge ? 'llm' : 'none' },
      createdAt: started,
    });
    let against: AgainstResult | undefined;
    if (old && opts.against) against = compareReports(old, report, opts.against);

    const outDir = path.resolve(opts.out ?? path.join(DEFAULT_OUT, timestamp(started)));
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(outDir, 'report.html'), renderReportHtml(report, against));
    if (!opts.out) {
      // A stable place for the newest default run: eval/out/latest/report.html to open, report.json for --against.
      const latest = path.resolve(DEFAULT_OUT, 'latest');
      await rm(latest, { recursive: true, force: true });
      await cp(outDir, latest, { recursive: true });
    }

    const sections = [formatSummary(report)];
    if (report.compare) sections.push(formatComparison(report));
    if (against) sections.push(formatAgainst(against));
    const shown = path.relative(process.cwd(), path.join(outDir, 'report.html'));
    sections.push(`Report: ${shown.startsWith('..') ? path.join(outDir, 'report.html') : shown} (and report.json)`);
    process.stdout.write(`\n${sections.join('\n\n')}\n`);

    const misses = checkThresholds(report.overall, opts.thresholds);
    if (misses.length) {
      process.stderr.write(`\nQuality below the thresholds:\n${misses.map((m) => `  - ${m}`).join('\n')}\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  } finally {
    await target?.close?.();
  }
}

const argv = process.argv.slice(2);
// External benchmarks (`--benchmark stard`) have their own runner: eval/benchmarks/stard.ts.
const code = argv.includes('--benchmark') ? await (await import('../eval/benchmarks/stard.js')).runStardCli(argv) : await main(argv);
process.exitCode = code;
