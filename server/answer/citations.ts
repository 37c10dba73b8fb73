/**
 * Citation enforcement, whatever the model wrote:
 *  1. markers to sources that were not given are removed;
 *  2. of the remaining markers, those whose chunk does not support the sentence are removed: a chunk
 *     supports it when it holds enough of its key terms (SUPPORT_THRESHOLD) and all of its specifics —
 *     its figures and the documents it names (support.ts, holdsSpecifics);
 *  3. a sentence left with no supporting marker is dropped (and counted, for the notice). It is never
 *     "repaired" by attaching some other source: the model did not say where it came from, so nothing
 *     says it came from the corpus.
 * Sentences with no content terms ("具体如下：") make no claim; they are dropped without counting.
 * The kept sentences are renumbered [1], [2]… in order of first citation, so the reader sees no gaps.
 */
import { unlinkUnsourced } from './links.js';
import type { Citation, DocSummary } from '../wire.js';
import type { DocumentMeta } from '../../embeddings/types.js';
import { parseMarkers, removeMarkers, SentenceStream } from './sentences.js';
import { bestPassage, hasContent, holdsSpecifics, specificsOf, SUPPORT_THRESHOLD, supportScore } from './support.js';
import { keyTerms, type KeyTerms, type TermStats } from '../../embeddings/text/terms.js';
import type { GivenSource } from './types.js';

export type SentenceStatus = 'ok' | 'dropped' | 'empty';

export interface CheckedSentence {
  /** The sentence without markers, trimmed. */
  body: string;
  /** Source numbers (as given to the model) that support it, best first. */
  cites: number[];
  status: SentenceStatus;
  /** Markers that pointed to no given source. */
  invalidMarkers: number[];
  /** Markers to given sources that do not support the sentence. */
  unsupportedMarkers: number[];
  /** Support score per given source number that was considered. */
  support: Record<number, number>;
  /** The model ended the sentence with a line break: keep the paragraph. */
  breakAfter: boolean;
  terms: KeyTerms;
}

export function checkSentence(raw: string, sources: GivenSource[], stats: TermStats, threshold = SUPPORT_THRESHOLD): CheckedSentence {
  const marked = parseMarkers(raw);
  const body = removeMarkers(raw).trim();
  const breakAfter = /\n\s*$/.test(raw);
  const terms = keyTerms(body);
  const byN = new Map(sources.map((s) => [s.n, s]));
  const invalidMarkers = marked.filter((n) => !byN.has(n));
  const support: Record<number, number> = {};
  const base = { body, invalidMarkers, support, breakAfter, terms };
  if (!hasContent(terms)) return { ...base, cites: [], status: 'empty', unsupportedMarkers: [] };

  const cites: number[] = [];
  const unsupportedMarkers: number[] = [];
  const specifics = specificsOf(body);
  for (const n of marked) {
    const src = byN.get(n);
    if (!src) continue;
    const s = supportScore(terms, src, stats).score;
    support[n] = s;
    if (s >= threshold && holdsSpecifics(specifics, src)) cites.push(n);
    else unsupportedMarkers.push(n);
  }
  if (cites.length === 0) return { ...base, cites: [], status: 'dropped', unsupportedMarkers };
  cites.sort((a, b) => support[b] - support[a]);
  return { ...base, cites, status: 'ok', unsupportedMarkers };
}

export function docSummary(doc: DocumentMeta): DocSummary {
  return {
    id: doc.id,
    title: doc.title,
    docNo: doc.docNo,
    issuer: doc.issuer,
    date: doc.date,
    effectiveDate: doc.effectiveDate,
    validUntil: doc.validUntil,
    file: doc.sources[0]?.file ?? '',
  };
}

/** Longest quote shown with a citation; longer supporting passages are cut to their best sentence. */
const MAX_QUOTE = 400;

/**
 * Collects accepted sentences into the answer: renumbers citations in order of first use, picks the
 * quote each citation shows, and gives each citation of an expired or repealed document its validity
 * note (shown beside the citation; the answer text stays sentences and their markers, so every
 * sentence of it is a checked claim).
 */
export class CitationLedger {
  private readonly numberOf = new Map<number, number>();
  private readonly list: Citation[] = [];
  private text = '';
  private sentences = 0;

  constructor(
    private readonly sources: GivenSource[],
    private readonly stats: TermStats,
    private readonly validityNote: (doc: DocumentMeta) => string | undefined = () => undefined,
  ) {}

  /** Adds a checked sentence; returns the text to show (with final markers), and whether citations grew. */
  accept(s: CheckedSentence): { text: string; newCitations: boolean } {
    if (s.status !== 'ok') return { text: '', newCitations: false };
    let grew = false;
    const finals: number[] = [];
    for (const n of s.cites) {
      const src = this.sources.find((x) => x.n === n)!;
      let fin = this.numberOf.get(n);
      if (fin === undefined) {
        fin = this.list.length + 1;
        this.numberOf.set(n, fin);
        const passage = bestPassage(s.terms, src.chunk, this.stats);
        const quote = passage.text.length <= MAX_QUOTE ? passage.text : passage.text.slice(0, MAX_QUOTE);
        const note = this.validityNote(src.doc);
        this.list.push({
          n: fin,
          chunkId: src.chunk.id,
          quote,
          article: src.chunk.label,
          doc: docSummary(src.doc),
          ...(note ? { validityNote: note } : {}),
        });
        grew = true;
      }
      if (!finals.includes(fin)) finals.push(fin);
    }
    finals.sort((a, b) => a - b);
    const markers = finals.map((f) => `[${f}]`).join('');
    const body = unlinkUnsourced(
      s.body,
      s.cites.map((n) => this.sources.find((x) => x.n === n)!.chunk.text),
    );
    const sep = this.sentences > 0 && !this.text.endsWith('\n') && /^[A-Za-z0-9]/.test(body) ? ' ' : '';
    const out = `${sep}${body}${markers}${s.breakAfter ? '\n' : ''}`;
    this.text += out;
    this.sentences++;
    return { text: out, newCitations: grew };
  }

  citations(): Citation[] {
    return this.list.map((c) => ({ ...c }));
  }

  answerText(): string {
    return this.text.trim();
  }

  get sentenceCount(): number {
    return this.sentences;
  }
}

export interface CheckedAnswer {
  answer: string;
  citations: Citation[];
  sentences: CheckedSentence[];
  /** Sentences removed because no source they cite supports them. */
  dropped: number;
  invalidMarkers: number;
}

/** The whole check on a finished text: what the streaming pipeline does sentence by sentence. */
export function checkAnswer(
  text: string,
  sources: GivenSource[],
  stats: TermStats,
  opts: { threshold?: number; validityNote?: (doc: DocumentMeta) => string | undefined } = {},
): CheckedAnswer {
  const ledger = new CitationLedger(sources, stats, opts.validityNote);
  const stream = new SentenceStream();
  const raws = [...stream.push(text), ...stream.end()];
  const sentences = raws.map((r) => checkSentence(r, sources, stats, opts.threshold));
  for (const s of sentences) ledger.accept(s);
  return {
    answer: ledger.answerText(),
    citations: ledger.citations(),
    sentences,
    dropped: sentences.filter((s) => s.status === 'dropped').length,
    invalidMarkers: sentences.reduce((a, s) => a + s.invalidMarkers.length, 0),
  };
}
