/**
 * `npm run eval` end to end on the real pipeline (bundled corpus, the shared test index, extractive
 * answers), on the small fixture set: (a) in-process with --compare, (b) --url against the real
 * server on a free port. Both run the same pipeline, so they must agree item by item.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../eval/types.js';
import { MINI_SET } from './eval-fakes.js';
import { startRealServer, TEST_INDEX_DIR, type RealServer } from '../support/real-server.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // The test decides the configuration, not the developer's shell: extractive answers, local embeddings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LLM|EMBEDDINGS|INDEX_DIR|CORPUS_DIR|LABELS_FILE|PORT)/.test(k)));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/eval.ts', ...args],
      { cwd: ROOT, env: { ...env, INDEX_DIR: TEST_INDEX_DIR }, timeout: 280_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function readReport(dir: string): Promise<EvalReport> {
  return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as EvalReport;
}

describe('npm run eval on the real pipeline', () => {
  let server: RealServer | undefined;
  let inProcess: EvalReport;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cewen-eval-real-'));
    // The server first: it builds the shared test index when it is missing or stale, and the
    // in-process run then loads the very same index.
    server = await startRealServer();
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  it('(a) runs in-process over the real index and compares the retrievers with the naive baseline', async () => {
    const out = path.join(work, 'in-process');
    const r = await runCli(['--set', MINI_SET, '--compare', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^all\s+8\s/m);
    expect(r.stdout).toMatch(/^naive \(baseline\)\s/m);
    expect(r.stdout).toMatch(/^hybrid \*\s/m);

    inProcess = await readReport(out);
    expect(inProcess.target).toBe('in-process');
    expect(inProcess.info).toMatchObject({ mode: 'in-process', model: 'extractive', indexDir: TEST_INDEX_DIR });
    expect(inProcess.info.chunks).toBeGreaterThan(1000);
    expect(inProcess.compare!.retrievers.map((c) => c.name)).toEqual(['naive', 'lexical', 'dense', 'hybrid, no expansion', 'hybrid']);
    for (const c of inProcess.compare!.retrievers) expect(c.overall.items).toBe(6);
    // Every answerable item retrieved k passages of the real index, each with its document.
    for (const item of inProcess.items.filter((i) => i.type !== 'unanswerable')) {
      expect(item.error).toBeUndefined();
      expect(item.retrieved).toHaveLength(5);
      for (const p of item.retrieved) expect(p.docTitle).toBeTruthy();
    }
    // Whatever the answer, each citation the runner checked points at a chunk of the index.
    for (const c of inProcess.items.flatMap((i) => i.citations)) expect(c.chunkId).toMatch(/:/);
  }, 300_000);

  it('(b) gives the same results item by item over HTTP against the real server', async () => {
    expect(inProcess, 'needs the in-process run').toBeDefined();
    const out = path.join(work, 'http');
    const r = await runCli(['--set', MINI_SET, '--url', server!.url, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const http = await readReport(out);
    expect(http.target).toBe(server!.url);
    expect(http.info).toMatchObject({ mode: 'http', status: 'ok', model: 'extractive' });
    // Same index on both sides (a rebuild in between would make the comparison meaningless).
    expect((http.info.index as { builtAt: string }).builtAt).toBe(inProcess.info.builtAt);
    const view = (rep: EvalReport) =>
      rep.items.map((i) => ({
        id: i.id,
        rank: i.rank,
        retrieved: i.retrieved.map((p) => p.id),
        refused: i.refused,
        answer: i.answer,
        citations: i.citations.map((c) => [c.n, c.chunkId, c.precise]),
        failures: i.failures,
      }));
    expect(view(http)).toEqual(view(inProcess));
  }, 300_000);
});
