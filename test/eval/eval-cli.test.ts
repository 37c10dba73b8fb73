import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseCli } from '../../eval/cli-args.js';
import type { EvalReport } from '../../eval/types.js';
import { startContractServer, type ContractServer } from './eval-contract-server.js';
import { MINI_SET } from './eval-fakes.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run eval -- …` the way npm does (tsx cli/eval.ts), with a clean configuration. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LLM|EMBEDDINGS|INDEX_DIR|CORPUS_DIR|LABELS_FILE)/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/eval.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let cautious: ContractServer;
let reckless: ContractServer;
let work: string;

beforeAll(async () => {
  cautious = await startContractServer({ minScore: 0.2 });
  reckless = await startContractServer({ minScore: -1 });
  work = await mkdtemp(path.join(tmpdir(), 'cewen-eval-cli-'));
});

afterAll(async () => {
  await cautious?.close();
  await reckless?.close();
});

describe('npm run eval -- --url', () => {
  it('runs the set against a server, prints the summary and writes both reports', async () => {
    const out = path.join(work, 'run1');
    const r = await runCli(['--set', MINI_SET, '--url', cautious.url, '--out', out, '--min-hit5', '0.5']);
    expect(r.stderr).toContain('eval 8/8 items');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^type\s+n\s+hit@1\s+hit@5/m);
    expect(r.stdout).toMatch(/^unanswerable\s+2\s/m);
    expect(r.stdout).toMatch(/^all\s+8\s/m);
    expect(r.stdout).toContain(`Report: ${path.join(out, 'report.html')} (and report.json)`);
    expect(r.stdout).toMatch(/^#paraphrase\s+2\s/m);

    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as EvalReport;
    expect(report.target).toBe(cautious.url);
    expect(report.info).toMatchObject({ mode: 'http', model: 'fake-extractive', status: 'ok' });
    expect(report.items).toHaveLength(8);
    // Chunk texts come from /api/sources, so citations are checked against the whole chunk.
    const one = report.items.find((i) => i.id === 'm-one-name')!;
    expect(one).toMatchObject({ rank: 1, refused: false, evidenceCited: true, failures: [] });
    expect(report.overall.refusalRate).toBe(1);
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Failed items (');
  });

  it('exits 1 and lists every missed threshold', async () => {
    const r = await runCli(['--set', MINI_SET, '--url', reckless.url, '--out', path.join(work, 'run2'), '--min-refusal', '0.8', '--max-false-refusal', '0.1', '--min-hit5', '0.9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Quality below the thresholds:');
    expect(r.stderr).toContain('held back 0.000 is below --min-refusal 0.8');
    expect(r.stderr).not.toContain('--max-false-refusal');
    expect(r.stderr).not.toContain('--min-hit5');
  });

  it('prints what got better and worse --against an earlier report', async () => {
    const r = await runCli(['--set', MINI_SET, '--url', reckless.url, '--out', path.join(work, 'run3'), '--against', path.join(work, 'run1', 'report.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Against ${path.join(work, 'run1', 'report.json')}`);
    expect(r.stdout).toMatch(/^held back\s+1\.000\s+0\.000\s+-1\.000\s+worse$/m);
    expect(r.stdout).toContain('Worse: 2 item(s) now fail');
    expect(r.stdout).toContain('  - m-unanswerable-script [unanswerable] no longer refused; answered an unanswerable question');
    expect(r.stdout).toContain('Better: 1 item(s) now pass');
    const html = await readFile(path.join(work, 'run3', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Against ');
  });

  it('honours --limit and --k', async () => {
    const out = path.join(work, 'run4');
    const r = await runCli(['--set', MINI_SET, '--url', cautious.url, '--out', out, '--limit', '3', '--k', '3']);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as EvalReport;
    expect(report.items.map((i) => i.id)).toEqual(['m-name-chars', 'm-one-name', 'm-name-parts']);
    expect(report.k).toBe(3);
    expect(report.set.limit).toBe(3);
    expect(r.stdout).toMatch(/hit@3/);
  });

  it('grades answers with the configured LLM when there is one', async () => {
    const prompts: string[] = [];
    const llm: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { messages: { content: string }[] };
        prompts.push(parsed.messages.map((m) => m.content).join('\n'));
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 0,
            model: 'judge',
            choices: [{ index: 0, message: { role: 'assistant', content: '0.75' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = llm.address() as AddressInfo;
      const out = path.join(work, 'run5');
      const r = await runCli(['--set', MINI_SET, '--url', cautious.url, '--out', out, '--min-judged', '0.5'], {
        LLM: 'openai',
        LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
        LLM_MODEL: 'judge',
      });
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as EvalReport;
      const answered = report.items.filter((i) => i.type !== 'unanswerable' && !i.refused);
      expect(prompts).toHaveLength(answered.length);
      expect(prompts[0]).toContain(answered[0].question);
      expect(prompts[0]).toContain(answered[0].referenceAnswer);
      // One answerable item was refused (scored 0); the others got 0.75 from the judge.
      expect(report.overall.judged).toBeCloseTo((0.75 * answered.length) / report.overall.answerable, 12);
      expect(r.stdout).toMatch(/\sjudged\s/);
    } finally {
      await new Promise<void>((resolve) => llm.close(() => resolve()));
    }
  });
});

describe('npm run eval — what it refuses to run', () => {
  it('names the bad line of a bad set and exits 2', async () => {
    const bad = path.join(work, 'bad.jsonl');
    const good = (await readFile(MINI_SET, 'utf8')).split('\n')[0];
    await writeFile(bad, `${good}\n{"id": "x", "question": "q"}\n`);
    const r = await runCli(['--set', bad, '--url', cautious.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Invalid evaluation set ${bad}:\n  line 2: missing fields "answer", "evidence", "doc", "type", "keywords"`);
  });

  it('rejects bad arguments with the usage text', async () => {
    const r = await runCli(['--set', MINI_SET, '--min-hit5', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--min-hit5 needs a number between 0 and 1, got "1\.5"/);
    expect(r.stderr).toContain('Usage: npm run eval -- --set FILE');
  });

  it('checks every option before running', () => {
    const cases: [string[], RegExp][] = [
      [[], /--set FILE is required/],
      [['--set', MINI_SET, '--url', 'http://127.0.0.1:9', '--compare'], /--compare runs each retriever in-process/],
      [['--set', MINI_SET, '--url', 'localhost:8787'], /--url must be an http\(s\) URL/],
      [['--set', MINI_SET, '--k', '0'], /--k needs a whole number/],
      [['--set', MINI_SET, '--limit', '2.5'], /--limit needs a whole number/],
      [['--set', MINI_SET, '--max-false-refusal', 'x'], /--max-false-refusal needs a number between 0 and 1/],
      [['--set', MINI_SET, '--frobnicate'], /Unknown option '--frobnicate'/],
      [['--set', MINI_SET, '--answers', 'a.jsonl', '--url', 'http://127.0.0.1:8787'], /--answers replays answers in-process/],
      [['--set', MINI_SET, '--max-wrong', '2'], /--max-wrong needs a number between 0 and 1/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseCli(args), args.join(' ')).toThrow(UsageError);
      expect(() => parseCli(args), args.join(' ')).toThrow(message);
    }
    expect(parseCli(['--help'])).toBe('help');
    const ok = parseCli(['--set', 'a.jsonl', '--compare', '--min-hit5', '0.9', '--max-false-refusal', '0.1', '--limit', '3']);
    expect(ok).toMatchObject({ set: 'a.jsonl', k: 5, compare: true, limit: 3 });
    expect(ok !== 'help' && [...ok.thresholds]).toEqual([
      ['min-hit5', 0.9],
      ['max-false-refusal', 0.1],
    ]);
  });

  it('says when the server cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await runCli(['--set', MINI_SET, '--url', `http://127.0.0.1:${port}`, '--out', path.join(work, 'run6')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot reach the server at http://127.0.0.1:${port} (ECONNREFUSED). Is it running (npm start)?`);
  });
});
