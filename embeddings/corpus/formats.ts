/**
 * The file formats a corpus folder may hold (docs/corpus-formats.md). Each declares its name, the file
 * endings it reads and a loader for its files; load-corpus.ts lists a folder by these endings, gives
 * each format its own files and joins the results in the order listed here. A new format is a new
 * entry in CORPUS_FORMATS.
 */
import type { Corpus, ProgressFn } from '../types.js';
import { loadCompilationFiles } from './load-compilations.js';
import { loadJsonlFiles } from './load-jsonl.js';
import type { FileReport } from './split-file.js';

/** What a format's loader returns: documents, chunks and problems, and what the splitter saw per file. */
export interface FormatLoadResult extends Corpus {
  /** Per-file reports of the splitter (for `npm run inspect-corpus`); formats that do not split give none. */
  reports?: FileReport[];
  /** Copies of documents merged into another (same 文号 or same title). */
  duplicatesMerged?: number;
}

export interface CorpusFormat {
  /** Short name, e.g. `compilation`. */
  readonly name: string;
  /** File name endings it reads, lower case with the dot, e.g. `.txt`, `.jsonl.gz` (matched case-insensitively). */
  readonly extensions: readonly string[];
  /**
   * Loads the format's files of a folder (names relative to `dir`, in folder order). Never throws for
   * bad input: a file that cannot be used becomes a problem naming it, and the other files still load.
   */
  load(dir: string, files: readonly string[], onProgress?: ProgressFn): Promise<FormatLoadResult>;
}

/** In the order their documents and chunks appear in a loaded corpus. */
export const CORPUS_FORMATS: readonly CorpusFormat[] = [
  // Compilations: cleaned, split into documents and articles, duplicates merged (load-compilations.ts).
  { name: 'compilation', extensions: ['.txt', '.md'], load: loadCompilationFiles },
  // Pre-split articles, one JSON object per line, optionally gzip-compressed (load-jsonl.ts).
  { name: 'jsonl', extensions: ['.jsonl', '.jsonl.gz'], load: loadJsonlFiles },
];

/** The format that reads a file, by the longest ending its name has; undefined for a file no format reads. */
export function formatOf(file: string): CorpusFormat | undefined {
  const name = file.toLowerCase();
  let best: { format: CorpusFormat; length: number } | undefined;
  for (const format of CORPUS_FORMATS) {
    for (const ext of format.extensions) {
      if (name.endsWith(ext) && ext.length > (best?.length ?? 0)) best = { format, length: ext.length };
    }
  }
  return best?.format;
}
