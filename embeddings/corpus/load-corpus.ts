/**
 * The corpus pipeline for a folder: every file a registered format reads (embeddings/corpus/formats.ts:
 * .txt/.md compilations, .jsonl/.jsonl.gz articles) is loaded by its format. Bad files become problems;
 * the others still load.
 */
import { readdir } from 'node:fs/promises';
import type { Corpus, CorpusProblem, ProgressFn } from '../types.js';
import type { FormatLoadResult } from './format-types.js';
import { CORPUS_FORMATS, formatOf } from './formats.js';
import type { FileReport } from './split-file.js';

export { splitText } from './split-file.js';

export interface LoadCorpusOptions {
  onProgress?: ProgressFn;
  /** Only these file names (relative to the folder); default every .txt/.md file except CORPUS.md/README.md. */
  files?: string[];
}

/** A corpus with what the splitter saw per file (for `npm run inspect-corpus`). */
export interface CorpusWithReport extends Corpus {
  reports: FileReport[];
  /** Copies of documents merged into another (same 文号 or same title). */
  duplicatesMerged: number;
}

const NOT_CORPUS = new Set(['corpus.md', 'readme.md']);

export async function listCorpusFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => formatOf(n) !== undefined && !NOT_CORPUS.has(n.toLowerCase())).sort();
}

export async function loadCorpus(dir: string, opts: LoadCorpusOptions = {}): Promise<CorpusWithReport> {
  const problems: CorpusProblem[] = [];
  let files: string[];
  try {
    files = opts.files ?? (await listCorpusFiles(dir));
  } catch (err) {
    return {
      documents: [],
      chunks: [],
      problems: [{ file: dir, code: 'unreadable', message: `${dir}: cannot list the corpus folder (${(err as Error).message})` }],
      reports: [],
      duplicatesMerged: 0,
    };
  }
  for (const file of files) {
    if (!formatOf(file)) problems.push({ file, code: 'unreadable', message: `${file}: no corpus format reads this file (${knownEndings()})` });
  }
  // Each format loads its own files; documents, chunks and problems follow the order of CORPUS_FORMATS.
  const loaded: FormatLoadResult[] = [];
  for (const format of CORPUS_FORMATS)
    loaded.push(
      await format.load(
        dir,
        files.filter((f) => formatOf(f) === format),
        opts.onProgress,
      ),
    );
  return {
    documents: loaded.flatMap((r) => r.documents),
    chunks: loaded.flatMap((r) => r.chunks),
    problems: [...problems, ...loaded.flatMap((r) => r.problems)],
    reports: loaded.flatMap((r) => r.reports ?? []),
    duplicatesMerged: loaded.reduce((n, r) => n + (r.duplicatesMerged ?? 0), 0),
  };
}

function knownEndings(): string {
  return CORPUS_FORMATS.flatMap((f) => f.extensions).join(', ');
}
