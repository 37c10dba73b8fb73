/**
 * One compilation file, as a string, to cleaned text, documents, articles and chunks.
 * Pure: no I/O, so tests run it on strings.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { chunkDocument } from '../chunk.js';
import type { Chunk, CorpusDocument, CorpusProblem } from '../types.js';
import { corpusTitleKey, looseTitleKey } from '../text/titles.js';
import { estimateWrapWidth, isPageNoise, joinLines, normaliseLine, stripLinks, visualWidth } from './clean.js';
import { splitArticles, type ParaRange } from './split-articles.js';
import { separateGluedTitles, splitDocuments, type DocSpan } from './split-documents.js';
import { findToc, type TocEntry } from './toc.js';

/** What the splitter saw in one file, for the inspect command and the tests. */
export interface FileReport {
  file: string;
  /** Length of the cleaned file text. */
  cleanedLength: number;
  /** Raw lines dropped as table of contents. */
  tocLines: number;
  tocEntries: number;
  /** TOC titles with no body in the file. */
  tocMissing: string[];
  /** Paragraphs that belong to no document (cover pages, section headings between documents). */
  unplaced: string[];
  wrapWidth?: number;
  loose: boolean;
}

/** A document before duplicates are merged and chunks are made. */
export interface DraftDocument extends CorpusDocument {
  /** looseTitleKey(title): corpusTitleKey without 关于/印发/的通知, for matching a document without 文号. */
  titleKey: string;
  /** Index of the parent draft in the same file. */
  parentDraft?: number;
}

export interface SplitFileResult {
  file: string;
  /** The cleaned file text; `sources[].start/end` index into it. */
  text: string;
  documents: DraftDocument[];
  problems: CorpusProblem[];
  report: FileReport;
}

export function shortHash(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 12);
}

export function documentId(docNo: string | undefined, title: string, isChild: boolean): string {
  const key = docNo && !isChild ? docNo : docNo ? `${docNo}|${corpusTitleKey(title)}` : corpusTitleKey(title);
  return shortHash(key);
}

/** Clean the file into paragraphs. */
export function cleanFile(text: string): { paragraphs: string[]; toc: TocEntry[]; tocLines: number; wrapWidth?: number; loose: boolean } {
  const rawLines = text.split(/\r?\n|\r/);
  const toc = findToc(rawLines);
  const drop = new Uint8Array(rawLines.length);
  let tocLines = 0;
  for (const [a, b] of toc.ranges) for (let i = a; i < b; i++, tocLines++) drop[i] = 1;
  // Files whose lines were broken at arbitrary points (not only at the margin) carry "# Page N:" markers.
  let loose = false;
  const lines: string[] = [];
  const widths: number[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    if (drop[i]) continue;
    const raw = rawLines[i];
    if (/^#\s*Page\s*\d+/i.test(raw)) loose = true;
    // Links are removed after normalising, so that a file name with stray spaces goes as a whole.
    let t = normaliseLine(raw);
    const stripped = stripLinks(t);
    if (stripped !== t) {
      // An attachment list entry that was only a file name leaves its number ("2.") behind.
      t = normaliseLine(stripped).replace(/^(附件[：:]?)?\s*\d{1,3}[.．、]?$/, (m, head: string | undefined) => head ?? '');
    }
    if (!t || isPageNoise(t)) continue;
    lines.push(t);
    widths.push(visualWidth(raw.trim()));
  }
  const wrapWidth = loose ? undefined : estimateWrapWidth(lines, widths);
  const paragraphs = separateGluedTitles(joinLines(lines, { wrapWidth, loose }, widths));
  return { paragraphs, toc: toc.entries, tocLines, wrapWidth, loose };
}

export function analyseFile(file: string, text: string): SplitFileResult {
  const problems: CorpusProblem[] = [];
  const fileTitle = path.basename(file).replace(/\.(txt|md)$/i, '');
  const { paragraphs, toc, tocLines, wrapWidth, loose } = cleanFile(text);

  const starts: number[] = [];
  let pos = 0;
  for (const p of paragraphs) {
    starts.push(pos);
    pos += p.length + 1;
  }
  const cleaned = paragraphs.join('\n');
  const { spans, unplaced, tocMissing } = splitDocuments(paragraphs, toc, fileTitle);
  if (spans.length === 1 && spans[0].how === 'file') {
    problems.push({
      file,
      code: 'no_documents',
      message: `${file}: no document titles or 文号 recognised; indexed as one document titled "${fileTitle}"`,
    });
  }

  const documents: DraftDocument[] = [];
  const ids: string[] = spans.map((s) => documentId(s.docNo, s.title, s.parent !== undefined));
  const children = new Map<number, string[]>();
  spans.forEach((s, k) => {
    if (s.parent !== undefined) children.set(s.parent, [...(children.get(s.parent) ?? []), ids[k]]);
  });
  spans.forEach((s: DocSpan, k) => {
    if (s.endPara <= s.startPara) return;
    const start = starts[s.startPara];
    const end = starts[s.endPara - 1] + paragraphs[s.endPara - 1].length;
    const docText = cleaned.slice(start, end);
    const paras: ParaRange[] = [];
    for (let i = s.startPara; i < s.endPara; i++) {
      paras.push({ text: paragraphs[i], start: starts[i] - start, end: starts[i] - start + paragraphs[i].length });
    }
    const id = ids[k];
    documents.push({
      id,
      title: s.title,
      docNo: s.docNo,
      issuer: s.issuer,
      date: s.date,
      effectiveDate: s.effectiveDate,
      validUntil: s.validUntil,
      sources: [{ file, start, end }],
      parentId: s.parent !== undefined ? ids[s.parent] : undefined,
      childIds: children.get(k),
      text: docText,
      articles: splitArticles(id, paras, docText.length, s.titleEndPara - s.startPara),
      titleKey: looseTitleKey(s.title),
    });
  });

  return {
    file,
    text: cleaned,
    documents,
    problems,
    report: {
      file,
      cleanedLength: cleaned.length,
      tocLines,
      tocEntries: toc.length,
      tocMissing: tocMissing.map((e) => e.title),
      unplaced: unplaced.map((i) => paragraphs[i]),
      wrapWidth,
      loose,
    },
  };
}

/** Strip draft-only fields and drop undefined metadata so documents serialise compactly. */
export function finishDocument(d: DraftDocument): CorpusDocument {
  const { titleKey: _k, parentDraft: _p, ...doc } = d;
  for (const key of Object.keys(doc) as Array<keyof CorpusDocument>) if (doc[key] === undefined) delete doc[key];
  return doc;
}

/**
 * Merge duplicates (the same document in several compilations, or twice in one): same id (文号),
 * or, for a document without 文号, the same loose title as another. The longest text is kept;
 * sources of all copies are kept; missing metadata is filled from the others.
 */
export function mergeDuplicates(drafts: DraftDocument[]): { documents: DraftDocument[]; merged: number } {
  const byId = new Map<string, DraftDocument>();
  const byTitle = new Map<string, string>();
  const order: string[] = [];
  let merged = 0;
  const nonWs = (s: string) => s.replace(/\s+/g, '').length;
  const keysOf = (d: DraftDocument) => {
    const keys = d.titleKey.length >= 8 ? [d.titleKey] : [];
    // The same subject on the same day, issuers named differently (科技部 / 科学技术部).
    const subject = corpusTitleKey(d.title).split('关于').slice(1).join('关于');
    if (d.date && subject.length >= 10) keys.push(`${subject}@${d.date}`);
    return keys;
  };
  for (let d of drafts) {
    let id = d.id;
    if (!byId.has(id)) {
      const seen = keysOf(d)
        .map((k) => byTitle.get(k))
        .find((x) => x !== undefined);
      const seenDoc = seen !== undefined ? byId.get(seen) : undefined;
      // Matched by title, a copy without 文号 joins one with 文号 (under the 文号's id).
      if (seenDoc && (!d.docNo || !seenDoc.docNo) && sameText(seenDoc.text, d.text)) {
        if (!d.docNo) {
          id = seen!;
        } else {
          byId.delete(seen!);
          byId.set(id, { ...seenDoc, id, articles: splitArticlesAgain(seenDoc, id) });
          order[order.indexOf(seen!)] = id;
          for (const [k, v] of byTitle) if (v === seen) byTitle.set(k, id);
        }
      }
    }
    let kept = byId.get(id);
    // Same 文号, different text (a news item printed under the 文号 of the notice it reports on):
    // two documents, not one.
    if (kept && !sameText(kept.text, d.text)) {
      // The longer text (the document itself rather than a report on it) keeps the 文号's id.
      if (nonWs(d.text) > nonWs(kept.text)) {
        const other = rekey(kept, shortHash(`${id}|${corpusTitleKey(kept.title)}`));
        byId.set(other.id, other);
        order[order.indexOf(id)] = other.id;
        for (const [k, v] of byTitle) if (v === id) byTitle.set(k, other.id);
        byId.delete(id);
        kept = undefined;
      } else {
        id = shortHash(`${id}|${corpusTitleKey(d.title)}`);
        d = rekey(d, id);
        kept = byId.get(id);
        if (kept && !sameText(kept.text, d.text)) {
          id = shortHash(`${id}|${d.sources[0].file}|${d.sources[0].start}`);
          d = rekey(d, id);
          kept = undefined;
        }
      }
    }
    if (!kept) {
      byId.set(id, d);
      order.push(id);
      for (const k of keysOf(d)) if (!byTitle.has(k)) byTitle.set(k, id);
      continue;
    }
    merged++;
    const better = nonWs(d.text) > nonWs(kept.text) * 1.02 ? d : kept;
    // The copy whose text is kept comes first.
    const sources = better === kept ? [...kept.sources, ...d.sources] : [...d.sources, ...kept.sources];
    const other = better === kept ? d : kept;
    const out: DraftDocument = { ...better, id, sources };
    for (const key of ['docNo', 'issuer', 'date', 'effectiveDate', 'validUntil', 'parentId'] as const) {
      out[key] ??= other[key];
    }
    const children = new Set([...(kept.childIds ?? []), ...(d.childIds ?? [])]);
    out.childIds = children.size ? [...children] : undefined;
    if (better !== kept || id !== better.id) {
      out.articles = splitArticlesAgain(out, id);
    }
    byId.set(id, out);
  }
  // Parent and child links agree after ids moved: a child names a parent that lists it, and back.
  const documents = order.map((id) => byId.get(id)!);
  for (const d of documents) {
    if (d.parentId && !byId.has(d.parentId)) d.parentId = undefined;
    if (d.parentId) {
      const p = byId.get(d.parentId)!;
      if (!p.childIds?.includes(d.id)) p.childIds = [...(p.childIds ?? []), d.id];
    }
  }
  for (const d of documents) {
    const kids = d.childIds?.filter((c) => byId.get(c)?.parentId === d.id);
    d.childIds = kids?.length ? kids : undefined;
  }
  return { documents, merged };
}

/** Two copies of one document share most of their wording (4-character shingles of their first 3000 characters). */
export function sameText(a: string, b: string): boolean {
  const grams = (t: string) => {
    const s = t.replace(/\s+/g, '').slice(0, 3000);
    const out = new Set<string>();
    for (let i = 0; i + 4 <= s.length; i++) out.add(s.slice(i, i + 4));
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  const [small, large] = ga.size <= gb.size ? [ga, gb] : [gb, ga];
  if (!small.size) return true;
  let common = 0;
  for (const g of small) if (large.has(g)) common++;
  // Measured against the larger copy: a news item quoting half of a notice is not a copy of it.
  return common / large.size >= 0.5;
}

function rekey(d: DraftDocument, id: string): DraftDocument {
  return { ...d, id, articles: splitArticlesAgain(d, id) };
}

/** Re-key articles after a merge changed the id of the kept copy. */
function splitArticlesAgain(d: DraftDocument, id: string): DraftDocument['articles'] {
  return d.articles.map((a, i) => ({ ...a, id: `${id}:${i}`, docId: id }));
}

/** One file's text to documents and chunks (duplicates inside the file merged). Pure; used by tests. */
export function splitText(file: string, text: string): { documents: CorpusDocument[]; chunks: Chunk[]; problems: CorpusProblem[]; report: FileReport } {
  const r = analyseFile(file, text);
  const { documents } = mergeDuplicates(r.documents);
  const docs = documents.map(finishDocument);
  return { documents: docs, chunks: docs.flatMap((d) => chunkDocument(d)), problems: r.problems, report: r.report };
}
