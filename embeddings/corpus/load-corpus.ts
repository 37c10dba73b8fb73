/**
 * The corpus pipeline for a folder: read every .txt/.md file, clean, split into documents and
 * articles, merge duplicates across files, chunk. Bad files become problems; the others still load.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { chunkDocument } from '../chunk.js';
import type { Corpus, CorpusProblem, ProgressFn } from '../types.js';
import { isJsonlFile, loadJsonlFiles } from './load-jsonl.js';
import { readCorpusFile } from './read-file.js';
import { analyseFile, finishDocument, mergeDuplicates, type DraftDocument, type FileReport } from './split-file.js';

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

const CORPUS_FILE_RE = /\.(txt|md|jsonl|jsonl\.gz)$/i;
const NOT_CORPUS = new Set(['corpus.md', 'readme.md']);

export async function listCorpusFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => CORPUS_FILE_RE.test(n) && !NOT_CORPUS.has(n.toLowerCase())).sort();
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
  const drafts: DraftDocument[] = [];
  const reports: FileReport[] = [];
  // Pre-split articles (.jsonl/.jsonl.gz) have their own loader (embeddings/corpus/load-jsonl.ts).
  const jsonl = await loadJsonlFiles(dir, files.filter(isJsonlFile), opts.onProgress);
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (isJsonlFile(file)) continue;
    opts.onProgress?.({ stage: 'read', done: i, total: files.length, detail: file });
    const read = await readCorpusFile(path.join(dir, file));
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    try {
      const r = analyseFile(file, read.text);
      drafts.push(...r.documents);
      problems.push(...r.problems);
      reports.push(r.report);
    } catch (err) {
      // A splitter bug on one file must not lose the others.
      problems.push({ file, code: 'unreadable', message: `${file}: could not be split (${(err as Error).message})` });
    }
  }
  opts.onProgress?.({ stage: 'read', done: files.length, total: files.length });

  const { documents, merged } = mergeDuplicates(drafts);
  // Children whose parent was merged away still point at the kept id (ids come from the 文号).
  const docs = documents.map(finishDocument);
  const chunks = [];
  for (let i = 0; i < docs.length; i++) {
    chunks.push(...chunkDocument(docs[i]));
    if (i % 50 === 0) opts.onProgress?.({ stage: 'chunk', done: i, total: docs.length });
  }
  opts.onProgress?.({ stage: 'chunk', done: docs.length, total: docs.length });
  return { documents: [...docs, ...jsonl.documents], chunks: [...chunks, ...jsonl.chunks], problems: [...problems, ...jsonl.problems], reports, duplicatesMerged: merged };
}
