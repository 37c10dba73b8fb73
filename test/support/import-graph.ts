/**
 * The project's import rules, checked over the import graph of its non-test TypeScript:
 * - no import cycles between files, type-only imports included (Tarjan's strongly connected components);
 * - embeddings/ (the indexing layer) never imports server/, eval/ or web/;
 * - server/ never imports eval/ or web/;
 * - web/ takes only types (`import type`) from outside web/;
 * - exactly one module loads the Chinese segmenter, @node-rs/jieba.
 * Imports are read with the TypeScript parser: static imports, `export … from`, `import x = require()`,
 * dynamic `import()`, `require()` calls and `import('…')` types.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The folders checked, when present. */
export const SOURCE_ROOTS = ['server', 'embeddings', 'eval', 'web/src', 'cli', 'scripts', 'src', 'shared-types', 'contract'];
export const SEGMENTER = '@node-rs/jieba';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'tests', '__tests__']);

export interface ModuleImport {
  /** As written: './x.js', 'react', '@node-rs/jieba'. */
  specifier: string;
  /** 1-based line of the import. */
  line: number;
  /** Erased at compile time: `import type`, `import { type A }` with only type names, `export type … from`, `import('…')` in a type. */
  typeOnly: boolean;
}

export interface ImportEdge extends ModuleImport {
  from: string;
  /** The imported file, relative to the root (posix). */
  to: string;
}

export type RuleKind = 'cycle' | 'layer' | 'web-types-only' | 'segmenter';

export interface Violation {
  rule: RuleKind;
  message: string;
}

export interface ImportGraph {
  /** Checked files, relative to the root (posix), sorted. */
  files: string[];
  /** Every import of a checked file that resolves to a file in the project. */
  edges: ImportEdge[];
  /** Checked files that import or require @node-rs/jieba (or a subpath of it). */
  segmenterLoaders: string[];
}

/** Non-test .ts/.tsx/.mts files under the source roots present in `root`. */
export function sourceFiles(root: string, roots: readonly string[] = SOURCE_ROOTS): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(rel);
      }
    }
  };
  for (const r of roots) if (existsSync(path.join(root, r)) && statSync(path.join(root, r)).isDirectory()) walk(r);
  return out.sort();
}

function stringArg(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The imports of one file's text. */
export function moduleImports(fileName: string, text: string): ModuleImport[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: ModuleImport[] = [];
  const add = (node: ts.Node, specifier: string | undefined, typeOnly: boolean): void => {
    if (specifier === undefined) return;
    found.push({ specifier, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause?.phaseModifier === ts.SyntaxKind.TypeKeyword || (!!clause && !clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly));
      add(node, stringArg(node.moduleSpecifier), typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, stringArg(node.moduleSpecifier), node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, stringArg(node.moduleReference.expression), node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node, stringArg(node.arguments[0]), false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, stringArg(node.argument.literal), true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The project file a relative specifier names, preferring checked files; undefined for packages and missing files. */
function resolve(root: string, checked: ReadonlySet<string>, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(m?js|jsx|m?ts|tsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}/index.ts`, `${stem}/index.tsx`];
  const isFile = (c: string): boolean => {
    const p = path.join(root, c);
    return existsSync(p) && statSync(p).isFile();
  };
  return candidates.find((c) => checked.has(c)) ?? candidates.find((c) => /\.(m?ts|tsx)$/.test(c) && isFile(c));
}

export function importGraph(root: string, roots: readonly string[] = SOURCE_ROOTS): ImportGraph {
  const files = sourceFiles(root, roots);
  const checked = new Set(files);
  const edges: ImportEdge[] = [];
  const loaders = new Set<string>();
  for (const from of files) {
    for (const imp of moduleImports(from, readFileSync(path.join(root, from), 'utf8'))) {
      if (imp.specifier === SEGMENTER || imp.specifier.startsWith(`${SEGMENTER}/`)) loaders.add(from);
      const to = resolve(root, checked, from, imp.specifier);
      if (to) edges.push({ ...imp, from, to });
    }
  }
  return { files, edges, segmenterLoaders: [...loaders].sort() };
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan, iterative). */
export function importCycles(files: readonly string[], edges: readonly Pick<ImportEdge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (next.has(e.from) && next.has(e.to)) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const out = next.get(frame.v) ?? [];
      if (frame.i < out.length) {
        const w = out[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v) ?? 0, index.get(w) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) ?? 0, low.get(frame.v) ?? 0));
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        if (component.length > 1 || out.includes(frame.v)) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One shortest cycle through the first file of a component: a → b → … → a. */
function shortestCycle(component: readonly string[], edges: readonly Pick<ImportEdge, 'from' | 'to'>[]): string[] {
  const inside = new Set(component);
  const next = new Map<string, string[]>();
  for (const e of edges) if (inside.has(e.from) && inside.has(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const start = component[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift() as string;
    for (const w of next.get(v) ?? []) {
      if (w === start) {
        const route = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = cameFrom.get(u)) route.splice(1, 0, u);
        return [...route, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** The layer a file belongs to: its top folder, with web/src/… as web. */
export function layerOf(file: string): string {
  return file.split('/')[0];
}

const FORBIDDEN: Record<string, readonly string[]> = {
  embeddings: ['server', 'eval', 'web'],
  server: ['eval', 'web'],
};

export function checkImportGraph(graph: ImportGraph): Violation[] {
  const violations: Violation[] = [];
  for (const e of graph.edges) {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    if (FORBIDDEN[a]?.includes(b)) {
      violations.push({ rule: 'layer', message: `${e.from}:${e.line} imports ${e.to} (${a}/ must not depend on ${b}/)` });
    }
    if (a === 'web' && b !== 'web' && !e.typeOnly) {
      violations.push({ rule: 'web-types-only', message: `${e.from}:${e.line} imports ${e.to} at run time (web/ takes only \`import type\` from outside web/)` });
    }
  }
  for (const c of importCycles(graph.files, graph.edges)) {
    const message = c.length === 1 ? `${c[0]} imports itself` : `import cycle of ${c.length} files: ${c.join(' ')} (e.g. ${shortestCycle(c, graph.edges).join(' → ')})`;
    violations.push({ rule: 'cycle', message });
  }
  if (graph.segmenterLoaders.length !== 1) {
    violations.push({
      rule: 'segmenter',
      message: `${graph.segmenterLoaders.length} modules load ${SEGMENTER}, want 1${graph.segmenterLoaders.length ? `: ${graph.segmenterLoaders.join(' ')}` : ''}`,
    });
  }
  return violations;
}

/** Every broken import rule in the project at `root`, one message per violation. */
export function checkImportRules(root: string, roots: readonly string[] = SOURCE_ROOTS): Violation[] {
  return checkImportGraph(importGraph(root, roots));
}
