/**
 * The real server as `npm start` runs it (cli/serve.ts in its own process) on a free port, over the
 * real corpus and index. The index lives in one folder shared by every run (built on first use,
 * rebuilt only when the corpus or the indexing code changes), never in data/index.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../eval/free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_INDEX_DIR = process.env.CEWEN_TEST_INDEX_DIR || path.join(os.tmpdir(), 'cewen-test-index');

export interface RealServer {
  url: string;
  /** What the server printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export { freePort };

export interface StartOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Node arguments that start the server; default the TypeScript sources (cli/serve.ts under tsx). */
  nodeArgs?: string[];
}

export async function startRealServer(opts: StartOptions = {}, attempt = 1): Promise<RealServer> {
  const port = await freePort();
  // The test decides the configuration, not the developer's shell: extractive answers, local embeddings.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(HOST|PORT|LLM|EMBEDDINGS|INDEX_DIR|CORPUS_DIR|LABELS_FILE|LABELS_FROM_UI|SYNTHETIC_QUESTIONS|LAW_QUESTIONS|ADMIN_TOKEN|LOG_LEVEL|UPLOADS_DIR|UPLOAD_MAX)/.test(k),
    ),
  );
  // Labels go to a file of this server's own unless the test names one: a test never reads the developer's
  // data/labels.jsonl (it would reorder results) nor writes into it (when a test turns the confirm button on).
  const labelsFile = path.join(os.tmpdir(), `cewen-test-labels-${port}.jsonl`);
  // Uploads likewise: a folder of this server's own, never the developer's data/uploads.
  const uploadsDir = path.join(os.tmpdir(), `cewen-test-uploads-${port}`);
  Object.assign(env, { PORT: String(port), INDEX_DIR: TEST_INDEX_DIR, LABELS_FILE: labelsFile, UPLOADS_DIR: uploadsDir }, opts.env);
  const child: ChildProcess = spawn(process.execPath, opts.nodeArgs ?? ['--import', 'tsx', 'cli/serve.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 280_000);
  const close = async () => {
    if (!opts.env?.LABELS_FILE) rmSync(labelsFile, { force: true });
    if (!opts.env?.UPLOADS_DIR) rmSync(uploadsDir, { recursive: true, force: true });
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  // Building the index on a fresh machine takes a minute or two; poll until the server answers. The port
  // was free when chosen, but another test's server may take it first: only an answer after this server
  // said it listens on it counts, and a server that found the port taken is started again on another.
  const listening = new RegExp(`listening on http://\\S+:${port}\\b`);
  for (;;) {
    if (child.exitCode !== null) {
      if (/EADDRINUSE/.test(out) && attempt < 3) {
        await close();
        return startRealServer(opts, attempt + 1);
      }
      throw new Error(`cli/serve.ts exited with code ${child.exitCode}:\n${out.slice(-3000)}`);
    }
    try {
      const res = listening.test(out) ? await fetch(`${url}/api/health`) : undefined;
      if (res?.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`cli/serve.ts did not answer /api/health in time:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, output: () => out, close };
}
