/**
 * Import rules (test/support/import-graph.ts) over the repository's non-test TypeScript: no import cycles
 * (type-only imports included), embeddings/ never imports server/, eval/ or web/, server/ never imports eval/ or
 * web/, web/ takes only types from outside web/, one module loads @node-rs/jieba.
 * Run alone: npx vitest run test/architecture/import-rules.test.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImportRules, importCycles, moduleImports, type Violation } from '../support/import-graph';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function report(violations: Violation[]): string {
  return `${violations.length} import-rule violation(s):\n${violations.map((v) => `  [${v.rule}] ${v.message}`).join('\n')}\n`;
}

describe('import rules: the repository', () => {
  it('REPOSITORY-WIDE: no import cycles, layers respected, web/ takes only types from outside, one @node-rs/jieba loader', () => {
    const violations = checkImportRules(repoRoot);
    expect(violations.length, report(violations)).toBe(0);
  });
});

/** A small project that keeps every rule; each test below breaks one. */
const CLEAN: Record<string, string> = {
  'embeddings/types.ts': 'export interface Chunk { text: string }\n',
  'embeddings/tokenizer.ts': [
    "import { createRequire } from 'node:module';",
    "import type { Chunk } from './types.js';",
    'const require = createRequire(import.meta.url);',
    "export function tokenize(c: Chunk): string[] { return require('@node-rs/jieba').cut(c.text); }",
  ].join('\n'),
  'server/types.ts': "import type { Chunk } from '../embeddings/types.js';\nexport interface Answer { chunks: Chunk[] }\nexport const LIMIT = 3;\n",
  'server/answer.ts':
    "import { tokenize } from '../embeddings/tokenizer.js';\nimport type { Answer } from './types.js';\nexport const answer = (a: Answer) => a.chunks.map(tokenize);\n",
  'server/app.ts': "import { answer } from './answer.js';\nexport const app = { answer };\n",
  'eval/run.ts': "import { app } from '../server/app.js';\nexport const run = () => app;\n",
  'web/src/api.ts': "import type { Answer } from '../../server/types.js';\nexport const show = (a: Answer) => a.chunks.length;\n",
  'web/src/main.tsx': "import { show } from './api';\nexport const Main = () => <p>{show({ chunks: [] })}</p>;\n",
  'cli/serve.ts': "import { app } from '../server/app.js';\nimport { run } from '../eval/run.js';\nexport const go = () => [app, run];\n",
  // Tests are not checked: this one may import anything.
  'server/app.test.ts': "import { run } from '../eval/run.js';\nimport { show } from '../web/src/api';\nexport const t = [run, show];\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The clean project with some files replaced (a string) or removed (null), written to a temp dir. */
function project(changes: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-imports-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries({ ...CLEAN, ...changes })) {
    if (text === null) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const messages = (root: string): string[] => checkImportRules(root).map((v) => `[${v.rule}] ${v.message}`);

describe('import rules: the checker', () => {
  it('finds nothing wrong in a project that keeps the rules', () => {
    expect(messages(project())).toEqual([]);
  });

  it('reads static, type-only, re-exported, dynamic, required and type-position imports', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import { type E, f } from './e.js';",
      "export * from './g.js';",
      "export type { H } from './h.js';",
      "import './side-effect.js';",
      "const m = await import('./lazy.js');",
      "const j = require('@node-rs/jieba');",
      "type T = import('./t.js').T;",
    ].join('\n');
    expect(moduleImports('x.ts', text).map((i) => `${i.line} ${i.specifier} ${i.typeOnly ? 'type' : 'value'}`)).toEqual([
      '1 ./a.js value',
      '2 ./b.js type',
      '3 ./c.js type',
      '4 ./e.js value',
      '5 ./g.js value',
      '6 ./h.js type',
      '7 ./side-effect.js value',
      '8 ./lazy.js value',
      '9 @node-rs/jieba value',
      '10 ./t.js type',
    ]);
  });

  it('catches a cycle that closes through a type-only import', () => {
    const root = project({
      // app.ts → answer.ts → types.ts by value and type imports; types.ts taking a type from app.ts closes the cycle.
      'server/types.ts': "import type { app } from './app.js';\nexport interface Answer { chunks: string[]; app?: typeof app }\n",
    });
    expect(messages(root)).toEqual([
      '[cycle] import cycle of 3 files: server/answer.ts server/app.ts server/types.ts (e.g. server/answer.ts → server/types.ts → server/app.ts → server/answer.ts)',
    ]);
  });

  it('catches a file that imports itself, and a cycle through a dynamic import', () => {
    const root = project({
      'eval/run.ts': "import { app } from '../server/app.js';\nimport type { X } from './run.js';\nexport type Y = X;\nexport const run = () => app;\n",
      'cli/a.ts': "export const a = () => import('./b.js');\n",
      'cli/b.ts': "import { a } from './a';\nexport const b = a;\n",
    });
    expect(messages(root)).toEqual(['[cycle] import cycle of 2 files: cli/a.ts cli/b.ts (e.g. cli/a.ts → cli/b.ts → cli/a.ts)', '[cycle] eval/run.ts imports itself']);
  });

  it('catches embeddings/ importing server/, even for a type', () => {
    const root = project({ 'embeddings/ingest-cli.ts': "import type { Answer } from '../server/types.js';\nexport type A = Answer;\n" });
    expect(messages(root)).toEqual(['[layer] embeddings/ingest-cli.ts:1 imports server/types.ts (embeddings/ must not depend on server/)']);
  });

  it('catches server/ importing eval/ or web/', () => {
    const root = project({
      'server/bench.ts': "export const bench = async () => (await import('../eval/run.js')).run();\n",
      'server/page.ts': "export { show } from '../web/src/api';\n",
    });
    expect(messages(root)).toEqual([
      '[layer] server/bench.ts:1 imports eval/run.ts (server/ must not depend on eval/)',
      '[layer] server/page.ts:1 imports web/src/api.ts (server/ must not depend on web/)',
    ]);
  });

  it('catches web/ importing a value from server/, and takes its type imports', () => {
    const root = project({
      'web/src/api.ts': [
        "import type { Answer } from '../../server/types.js';",
        "import { type Answer as Same } from '../../server/types.js';",
        "import { LIMIT } from '../../server/types.js';",
        'export const show = (a: Answer | Same) => Math.min(a.chunks.length, LIMIT);',
      ].join('\n'),
    });
    expect(messages(root)).toEqual(['[web-types-only] web/src/api.ts:3 imports server/types.ts at run time (web/ takes only `import type` from outside web/)']);
  });

  it('catches two modules loading @node-rs/jieba, and none', () => {
    const two = project({
      'server/terms.ts': "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const dict = require('@node-rs/jieba/dict');\n",
    });
    expect(messages(two)).toEqual(['[segmenter] 2 modules load @node-rs/jieba, want 1: embeddings/tokenizer.ts server/terms.ts']);
    const none = project({ 'embeddings/tokenizer.ts': "import type { Chunk } from './types.js';\nexport const tokenize = (c: Chunk) => [c.text];\n" });
    expect(messages(none)).toEqual(['[segmenter] 0 modules load @node-rs/jieba, want 1']);
  });

  it('finds every strongly connected component', () => {
    const edges = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'd'],
      ['f', 'a'],
    ].map(([from, to]) => ({ from, to }));
    expect(importCycles(['a', 'b', 'c', 'd', 'e', 'f', 'g'], edges)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });
});
