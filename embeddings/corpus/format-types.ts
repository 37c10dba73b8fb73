/** The contract every corpus format implements (the registry is formats.ts). */
import type { Corpus, ProgressFn } from '../types.js';
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
