/**
 * Pre-split articles from `.jsonl` / `.jsonl.gz` files (fields in docs/corpus-formats.md): one JSON
 * object per line, each one article of a law, regulation or policy. Rows are grouped into documents
 * by title (+ `doc` when given, e.g. the part-files of one code), in file order; every row becomes
 * one Article (carrying the row's id as `sourceId`) and one Chunk, split only when longer than the
 * chunk limit — never merged with a neighbour as the folder pipeline does with tiny pieces, so each
 * chunk maps back to exactly one row.
 *
 * Files are streamed line by line (readline over a gunzip stream for `.gz`): a file is never held in
 * memory as a whole. A bad line is reported as `file:line` and skipped; a file that cannot be read
 * (not gzip, unreadable, nothing but bad lines) is reported by name and skipped entirely.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { CHUNK_MAX_CHARS, splitRange } from '../chunk.js';
import type { Article, Chunk, Corpus, CorpusDocument, CorpusProblem, ProgressFn } from '../types.js';
import { shortHash } from './split-file.js';

/** One valid line, normalised. */
export interface JsonlRow {
  /** The row's `id`, as a string. */
  sourceId: string;
  title: string;
  /** Article label as users cite it (第五十四条); `正文` when the row has none. */
  label: string;
  text: string;
  /** Optional grouping key inside a title (a part-file, a volume). */
  doc?: string;
  headings: string[];
  docNo?: string;
  issuer?: string;
  date?: string;
  /** Where it came from, for messages. */
  file: string;
  line: number;
}

/** Line problems reported one by one per file; past this only their count is reported. */
const MAX_LINE_PROBLEMS = 20;
/** This many bad lines before the first good one: the file is not article JSONL at all. */
const GIVE_UP_AFTER = 20;

/**
 * Control characters that JSON lets through as escapes (\u0000, \u0007…): never text, and a NUL or a
 * bell in an article would reach the index, the answers and the browser. Removed; line breaks and tabs stay.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (s: string): string => s.replace(CONTROL, '');
const str = (v: unknown): string | undefined => (typeof v === 'string' && clean(v).trim() ? clean(v).trim() : undefined);
const ISO_DATE = /^\d{4}-\d{2}(-\d{2})?$/;

/** Validates one parsed line; returns the row or why it was rejected. */
export function parseRow(value: unknown, file: string, line: number): JsonlRow | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'number' && Number.isFinite(o.id) ? String(o.id) : str(o.id);
  if (id === undefined) return 'missing "id" (a string or a number)';
  const title = str(o.title) ?? str(o.law);
  if (!title) return 'missing "title" or "law" (the document the article belongs to)';
  const rawText = typeof o.text === 'string' ? o.text : typeof o.content === 'string' ? o.content : undefined;
  if (rawText === undefined) return 'missing "text" or "content"';
  const text = clean(rawText).replace(/\r\n?/g, '\n').trim();
  if (!text) return '"text"/"content" is empty';
  if (text.includes('\ufffd')) return 'not valid UTF-8 (replacement characters in the text); convert the file to UTF-8';
  if (o.article !== undefined && typeof o.article !== 'string') return '"article" must be a string, e.g. "第五十四条"';
  const headings = Array.isArray(o.headings) ? o.headings.filter((h): h is string => typeof h === 'string' && clean(h).trim() !== '').map((h) => clean(h).trim()) : [];
  const date = str(o.date);
  return {
    sourceId: id,
    title,
    label: str(o.article) ?? '正文',
    text,
    doc: str(o.doc),
    headings,
    docNo: str(o.docNo),
    issuer: str(o.issuer),
    date: date && ISO_DATE.test(date) ? date : undefined,
    file,
    line,
  };
}

export interface ReadJsonlResult {
  rows: JsonlRow[];
  /** Line problems (`bad_line`), or one file problem when the whole file was skipped. */
  problems: CorpusProblem[];
  /** False when the file was skipped; `rows` is then empty. */
  ok: boolean;
}

/**
 * Streams one file. `name` is how it is reported (relative to the corpus folder). `onBytes` gets the
 * bytes read so far (compressed bytes for .gz), for a progress bar.
 */
export async function readJsonlFile(filePath: string, name: string, onBytes?: (bytes: number) => void): Promise<ReadJsonlResult> {
  const fileProblem = (code: CorpusProblem['code'], message: string): ReadJsonlResult => ({
    rows: [],
    problems: [{ file: name, code, message: `${name}: ${message}` }],
    ok: false,
  });
  try {
    if ((await stat(filePath)).size === 0) return fileProblem('empty', 'the file is empty');
  } catch (err) {
    return fileProblem('unreadable', `cannot read (${(err as Error).message})`);
  }

  const input = createReadStream(filePath, { highWaterMark: 1 << 20 });
  const gz = /\.gz$/i.test(filePath);
  const gunzip = gz ? createGunzip() : undefined;
  const source = gunzip ? input.pipe(gunzip) : input;
  const rl = createInterface({ input: source, crlfDelay: Infinity });
  // readline's iterator does not see errors of the streams under it: catch them and stop reading.
  let streamError: Error | undefined;
  const stop = (e: Error) => {
    streamError ??= e;
    rl.close();
  };
  input.on('error', stop);
  gunzip?.on('error', stop);
  if (onBytes) input.on('data', () => onBytes(input.bytesRead));

  const rows: JsonlRow[] = [];
  const problems: CorpusProblem[] = [];
  let bad = 0;
  let lineNo = 0;
  let nonBlank = 0;
  let gaveUp: string | undefined;
  const reject = (line: number, why: string) => {
    bad++;
    if (bad <= MAX_LINE_PROBLEMS) problems.push({ file: `${name}:${line}`, code: 'bad_line', message: `${name}:${line}: ${why}; line skipped` });
  };
  try {
    for await (const raw of rl) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\ufeff/, '') : raw;
      if (!line.trim()) continue;
      nonBlank++;
      if (line.includes('\u0000')) {
        reject(lineNo, 'binary data (NUL bytes)');
      } else {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (err) {
          reject(lineNo, `invalid JSON (${(err as Error).message})`);
          value = undefined;
        }
        if (value !== undefined) {
          const row = parseRow(value, name, lineNo);
          if (typeof row === 'string') reject(lineNo, row);
          else rows.push(row);
        }
      }
      if (rows.length === 0 && bad >= GIVE_UP_AFTER) {
        gaveUp = `the first ${bad} lines are not article JSON objects ({"id","title"|"law","article","text"|"content"}); file skipped`;
        rl.close();
        break;
      }
    }
  } catch (err) {
    streamError ??= err as Error;
  } finally {
    input.destroy();
  }
  if (streamError) {
    const what = gz && /header|gzip|zlib|unexpected end|invalid/i.test(streamError.message) ? 'not a valid gzip file' : 'cannot read';
    return fileProblem('unreadable', `${what} (${streamError.message}); file skipped`);
  }
  if (gaveUp) return fileProblem(problems.some((p) => /UTF-8|NUL/.test(p.message)) ? 'encoding' : 'no_documents', gaveUp);
  if (nonBlank === 0) return fileProblem('empty', 'the file holds only whitespace');
  if (rows.length === 0) {
    return { rows: [], problems: [...problems, ...fileProblem('no_documents', `none of its ${bad} lines is a usable article; file skipped`).problems], ok: false };
  }
  if (bad > MAX_LINE_PROBLEMS) {
    problems.push({ file: name, code: 'bad_line', message: `${name}: ${bad - MAX_LINE_PROBLEMS} more bad lines skipped (${bad} in all)` });
  }
  return { rows, problems, ok: true };
}

/** Stable document id: the same title and part give the same id on every ingest. */
export function jsonlDocumentId(title: string, doc?: string): string {
  return shortHash(`jsonl\0${title}\0${doc ?? ''}`);
}

/** Separates the label from the text in a document's text, as 第五十四条　自然人… is printed. */
const LABEL_GAP = '\u3000';

/**
 * Rows → documents (grouped by title + doc, in order of first appearance) and chunks. A repeated id
 * is a bad line (the first row with that id wins). Pure: used by the loader and the tests.
 */
export function rowsToCorpus(rows: readonly JsonlRow[], maxChars = CHUNK_MAX_CHARS): { documents: CorpusDocument[]; chunks: Chunk[]; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  const seen = new Map<string, JsonlRow>();
  const groups = new Map<string, JsonlRow[]>();
  for (const r of rows) {
    const first = seen.get(r.sourceId);
    if (first) {
      problems.push({
        file: `${r.file}:${r.line}`,
        code: 'bad_line',
        message: `${r.file}:${r.line}: duplicate id "${r.sourceId}" (first at ${first.file}:${first.line}); line skipped`,
      });
      continue;
    }
    seen.set(r.sourceId, r);
    const key = jsonlDocumentId(r.title, r.doc);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }

  const documents: CorpusDocument[] = [];
  const chunks: Chunk[] = [];
  for (const [id, list] of groups) {
    const first = list[0];
    const parts: string[] = [`${first.title}\n`];
    let at = parts[0].length;
    const articles: Article[] = [];
    const files = new Set<string>();
    for (const r of list) {
      files.add(r.file);
      // The label is part of the article's text, as in a printed law, unless the text already starts with it.
      const body = r.label !== '正文' && !r.text.startsWith(r.label) ? `${r.label}${LABEL_GAP}${r.text}` : r.text;
      articles.push({ id: `${id}:${articles.length}`, docId: id, label: r.label, headingPath: r.headings, start: at, end: at + body.length, sourceId: r.sourceId });
      parts.push(body, '\n');
      at += body.length + 1;
    }
    const text = parts.join('');
    const meta = {
      docNo: list.find((r) => r.docNo)?.docNo,
      issuer: list.find((r) => r.issuer)?.issuer,
      date: list.find((r) => r.date)?.date,
    };
    const doc: CorpusDocument = {
      id,
      title: first.title,
      ...Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)),
      sources: [...files].map((file) => ({ file, start: 0, end: text.length })),
      text,
      articles,
    };
    documents.push(doc);
    articles.forEach((a, i) => {
      splitRange(text, a.start, a.end, maxChars).forEach(([s, e], part) => {
        chunks.push({ id: `${id}:${i}:${part}`, docId: id, articleId: a.id, label: a.label, headingPath: a.headingPath, text: text.slice(s, e), start: s, end: e });
      });
    });
  }
  return { documents, chunks, problems };
}

/**
 * Loads the given JSONL files of a folder (names relative to `dir`). Bad lines and bad files become
 * problems; everything else is returned as documents and chunks.
 */
export async function loadJsonlFiles(dir: string, files: readonly string[], onProgress?: ProgressFn): Promise<Corpus> {
  const rows: JsonlRow[] = [];
  const problems: CorpusProblem[] = [];
  const sizes = await Promise.all(
    files.map((f) =>
      stat(path.join(dir, f)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    let last = 0;
    const r = await readJsonlFile(path.join(dir, file), file, (bytes) => {
      // A few updates per megabyte are plenty for a progress bar.
      if (bytes - last < 1 << 20) return;
      last = bytes;
      onProgress?.({ stage: 'read: jsonl', done: before + bytes, total, detail: file });
    });
    before += sizes[i];
    onProgress?.({ stage: 'read: jsonl', done: before, total, detail: file });
    problems.push(...r.problems);
    for (const row of r.rows) rows.push(row);
  }
  const built = rowsToCorpus(rows);
  return { documents: built.documents, chunks: built.chunks, problems: [...problems, ...built.problems] };
}

/** Every chunk's source row id (undefined for chunks of documents that did not come from JSONL). */
export function chunkSourceIds(documents: readonly CorpusDocument[], chunks: readonly Pick<Chunk, 'articleId'>[]): (string | undefined)[] {
  const byArticle = new Map<string, string>();
  for (const d of documents) for (const a of d.articles) if (a.sourceId !== undefined) byArticle.set(a.id, a.sourceId);
  return chunks.map((c) => byArticle.get(c.articleId));
}
