/**
 * Compilations (`.txt` / `.md`): each file is read, cleaned and split into documents and articles;
 * duplicates across files are merged, then every document is chunked. A bad file becomes a problem;
 * the others still load.
 */
import path from 'node:path';
import { chunkDocument } from '../chunk.js';
import type { Chunk, CorpusProblem, ProgressFn } from '../types.js';
import { readCorpusFile } from './read-file.js';
import { analyseFile, finishDocument, mergeDuplicates, type DraftDocument, type FileReport } from './split-file.js';
import type { FormatLoadResult } from './format-types.js';

export async function loadCompilationFiles(dir: string, files: readonly string[], onProgress?: ProgressFn): Promise<FormatLoadResult> {
  const problems: CorpusProblem[] = [];
  const drafts: DraftDocument[] = [];
  const reports: FileReport[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    onProgress?.({ stage: 'read', done: i, total: files.length, detail: file });
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
  onProgress?.({ stage: 'read', done: files.length, total: files.length });

  const { documents, merged } = mergeDuplicates(drafts);
  // Children whose parent was merged away still point at the kept id (ids come from the 文号).
  const docs = documents.map(finishDocument);
  const chunks: Chunk[] = [];
  for (let i = 0; i < docs.length; i++) {
    chunks.push(...chunkDocument(docs[i]));
    if (i % 50 === 0) onProgress?.({ stage: 'chunk', done: i, total: docs.length });
  }
  onProgress?.({ stage: 'chunk', done: docs.length, total: docs.length });
  return { documents: docs, chunks, problems, reports, duplicatesMerged: merged };
}
