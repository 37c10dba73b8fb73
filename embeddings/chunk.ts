/**
 * Chunks: the units that are embedded, retrieved and cited.
 *
 * One article per chunk where it fits in CHUNK_MAX_CHARS; a longer article is cut at sentence
 * boundaries (。；！？ and paragraph breaks), every piece keeping the article's label and heading path.
 * A tiny chunk (a lone heading such as "一、总体要求") is merged into the next chunk of the same document
 * so it is retrieved with the text it introduces.
 */
import type { Article, Chunk, CorpusDocument } from './types.js';

/** Upper bound on a chunk's length in characters (UTF-16 code units). */
export const CHUNK_MAX_CHARS = 600;
/** Chunks shorter than this are merged into their neighbour. */
export const CHUNK_MIN_CHARS = 40;

/** Units that are headings rather than citable provisions: 第一章, 一、 (its own text), 附件1, the preamble. */
const HEADING_LABEL_RE = /^(第.+[编章节]|[一二三四五六七八九十百]+|附件\d*|正文)$/;

interface Piece {
  articleIndex: number;
  article: Article;
  start: number;
  end: number;
}

/** Trim whitespace at both ends of [start, end) in `text`. */
function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

const BOUNDARY_CLASSES = [/[\n。！？]/g, /[；;]/g, /[，、：,:]/g];

/**
 * Cut [start, end) into pieces of at most `max` characters. The pieces are balanced (a 700-character
 * article becomes two of about 350, not 600 + 100) and cut after a sentence end where one exists near
 * the balanced point, else after a clause break, else hard at the limit.
 */
export function splitRange(text: string, start: number, end: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  while (end - s > max) {
    const remaining = end - s;
    const target = s + Math.ceil(remaining / Math.ceil(remaining / max));
    const lo = s + Math.floor((target - s) * 0.5);
    const hi = s + max;
    const window = text.slice(lo, hi);
    let cut = -1;
    for (const re of BOUNDARY_CLASSES) {
      let best = -1;
      for (const m of window.matchAll(re)) {
        const at = lo + m.index! + 1;
        if (best < 0 || Math.abs(at - target) < Math.abs(best - target)) best = at;
      }
      if (best > 0) {
        cut = best;
        break;
      }
    }
    if (cut < 0) {
      cut = Math.min(target, hi);
      // Never cut a surrogate pair in two.
      if (cut > s + 1 && /[\ud800-\udbff]/.test(text[cut - 1])) cut--;
    }
    const [a, b] = trimRange(text, s, cut);
    if (b > a) out.push([a, b]);
    s = cut;
  }
  const [a, b] = trimRange(text, s, end);
  if (b > a) out.push([a, b]);
  return out;
}

export function chunkDocument(doc: Pick<CorpusDocument, 'id' | 'text' | 'articles'>, max = CHUNK_MAX_CHARS, min = CHUNK_MIN_CHARS): Chunk[] {
  const pieces: Piece[] = [];
  doc.articles.forEach((article, articleIndex) => {
    const [s, e] = trimRange(doc.text, article.start, article.end);
    for (const [a, b] of splitRange(doc.text, s, e, max)) pieces.push({ articleIndex, article, start: a, end: b });
  });

  // Merge tiny pieces forward (into the next piece, which keeps its article), else backward. Only
  // headings, preambles and the tail of a split article: a short numbered article (第四条 企业只能登记一个
  // 企业名称…) stays a chunk of its own, so that it is cited under its own label.
  const merged: Piece[] = [];
  const firstPiece = new Set<Piece>();
  pieces.forEach((p, i) => {
    if (i === 0 || pieces[i - 1].articleIndex !== p.articleIndex) firstPiece.add(p);
  });
  const mergeable = (p: Piece) => !firstPiece.has(p) || HEADING_LABEL_RE.test(p.article.label);
  for (let i = 0; i < pieces.length; i++) {
    const p = { ...pieces[i] };
    let canMerge = mergeable(pieces[i]);
    while (canMerge && p.end - p.start < min && i + 1 < pieces.length && pieces[i + 1].end - p.start <= max) {
      const next = pieces[++i];
      canMerge = mergeable(next);
      p.end = next.end;
      p.article = next.article;
      p.articleIndex = next.articleIndex;
    }
    const prev = merged[merged.length - 1];
    if (canMerge && p.end - p.start < min && prev && p.end - prev.start <= max) {
      prev.end = p.end;
      continue;
    }
    merged.push(p);
  }

  const partCount = new Map<number, number>();
  return merged.map((p) => {
    const part = partCount.get(p.articleIndex) ?? 0;
    partCount.set(p.articleIndex, part + 1);
    return {
      id: `${doc.id}:${p.articleIndex}:${part}`,
      docId: doc.id,
      articleId: p.article.id,
      label: p.article.label,
      headingPath: p.article.headingPath,
      text: doc.text.slice(p.start, p.end),
      start: p.start,
      end: p.end,
    };
  });
}
