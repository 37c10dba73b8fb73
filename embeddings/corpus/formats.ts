/**
 * The file formats a corpus folder may hold (docs/corpus-formats.md). Each declares its name, the file
 * endings it reads and a loader for its files; load-corpus.ts lists a folder by these endings, gives
 * each format its own files and joins the results in the order listed here. A new format is a new
 * entry in CORPUS_FORMATS.
 */
import type { CorpusFormat } from './format-types.js';
import { loadCompilationFiles } from './load-compilations.js';
import { loadJsonlFiles } from './load-jsonl.js';

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
