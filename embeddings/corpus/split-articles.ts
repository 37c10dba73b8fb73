/**
 * Splitting one document into articles along its own numbering.
 *
 * Regulations (the first numbered unit is 第X章 or 第X条): 第X编/章/节 build the heading path and only
 * 第X条 starts an article — an enumeration （一）（二） inside a 第X条 is part of that article.
 * Opinions and plans: 一、 is a heading (and an article for the text right under it); the next level
 * that occurs in the document — （一）, else 1., else （1） — starts the articles; lower levels stay
 * inside their parent article. Text before the first numbered unit is the preamble, labelled 正文.
 * An annex ("附件1" on its own line) starts a new part numbered on its own; its title heads the paths.
 */
import type { Article } from '../types.js';
import { ARTICLE_RE, CHAPTER_RE, visualWidth } from './clean.js';

export interface ParaRange {
  text: string;
  start: number;
  end: number;
}

interface Unit {
  at: number;
  label: string;
  headingPath: string[];
}

const CN = '[一二三四五六七八九十百零〇两]';
const L1_RE = new RegExp(`^(${CN}{1,3})、`);
const L2_RE = new RegExp(`^（(${CN}{1,3})）`);
const L3_RE = /^(\d{1,3})[.．、](?!\d)/;
const L4_RE = /^（(\d{1,3})）/;
const ANNEX_RE = /^附件\s*(\d{0,2})\s*[：:]?$/;

/** Short heading text for a heading path: the paragraph up to its first full stop, at most 40 chars. */
function headingText(p: string): string {
  const cut = p.split(/[。；]/)[0];
  return cut.length > 40 ? `${cut.slice(0, 40)}…` : cut;
}

function regulationUnits(paras: ParaRange[], from: number, to: number, prefix: string[]): Unit[] {
  const units: Unit[] = [];
  let book = '';
  let chapter = '';
  let section = '';
  for (let i = from; i < to; i++) {
    const t = paras[i].text;
    const ch = CHAPTER_RE.exec(t);
    if (ch && visualWidth(t) <= 40) {
      const h = t.replace(/\s+/g, ' ');
      if (ch[2] === '编') [book, chapter, section] = [h, '', ''];
      else if (ch[2] === '章') [chapter, section] = [h, ''];
      else section = h;
      units.push({ at: i, label: `第${ch[1]}${ch[2]}`, headingPath: [...prefix, book, chapter, section].filter(Boolean) });
      continue;
    }
    const a = ARTICLE_RE.exec(t);
    if (a) units.push({ at: i, label: `第${a[1]}条`, headingPath: [...prefix, book, chapter, section].filter(Boolean) });
  }
  return units;
}

function planUnits(paras: ParaRange[], from: number, to: number, prefix: string[]): Unit[] {
  const units: Unit[] = [];
  const levels = [L2_RE, L3_RE, L4_RE];
  let articleRank = -1;
  for (let r = 0; r < levels.length && articleRank < 0; r++) {
    for (let i = from; i < to; i++) {
      if (levels[r].test(paras[i].text)) {
        articleRank = r;
        break;
      }
    }
  }
  let heading = '';
  for (let i = from; i < to; i++) {
    const t = paras[i].text;
    const l1 = L1_RE.exec(t);
    if (l1) {
      heading = headingText(t);
      units.push({ at: i, label: l1[1], headingPath: [...prefix, heading] });
      continue;
    }
    if (articleRank < 0) continue;
    const m = levels[articleRank].exec(t);
    if (!m) continue;
    const label = articleRank === 1 ? `${m[1]}.` : `（${m[1]}）`;
    units.push({ at: i, label, headingPath: heading ? [...prefix, heading] : prefix });
  }
  return units;
}

/** Units of the paragraphs [from, to): regulation or plan numbering, whichever comes first. */
function unitsOf(paras: ParaRange[], from: number, to: number, prefix: string[]): Unit[] {
  let articles = 0;
  let first: 'regulation' | 'plan' | undefined;
  for (let i = from; i < to; i++) {
    const t = paras[i].text;
    if (CHAPTER_RE.test(t) || ARTICLE_RE.test(t)) {
      first ??= 'regulation';
      if (ARTICLE_RE.test(t)) articles++;
    } else if (L1_RE.test(t) || L2_RE.test(t)) {
      first ??= 'plan';
    }
  }
  return first === 'regulation' && articles >= 2 ? regulationUnits(paras, from, to, prefix) : planUnits(paras, from, to, prefix);
}

/**
 * `bodyFrom`: index of the first paragraph after the title; the title (which may itself be numbered,
 * "16. 国务院…印发《…》") belongs to the preamble.
 */
export function splitArticles(docId: string, paras: ParaRange[], textLength: number, bodyFrom = 0): Article[] {
  // Parts: the main text, then one per annex.
  const parts: Array<{ from: number; label?: string; title?: string }> = [{ from: bodyFrom }];
  for (let i = bodyFrom; i < paras.length; i++) {
    const m = ANNEX_RE.exec(paras[i].text);
    if (!m) continue;
    const next = paras[i + 1]?.text ?? '';
    // "附件：" followed by a list of attachments ("1.…", "- 1.…") names them, and "附件" above a
    // signature is a stray label; neither starts an annex.
    const afterNext = paras[i + 2]?.text ?? '';
    if (!m[1] && (/^[-•·]?\s*\d/.test(next) || ANNEX_RE.test(next) || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(afterNext) || !next)) continue;
    const title = visualWidth(next) <= 60 && !/[。；]/.test(next) ? next : '';
    parts.push({ from: i, label: `附件${m[1]}`, title: title ? `附件${m[1]} ${title}` : `附件${m[1]}` });
  }
  const units: Unit[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    const to = k + 1 < parts.length ? parts[k + 1].from : paras.length;
    if (p.label) {
      const prefix = [p.title!];
      units.push({ at: p.from, label: p.label, headingPath: prefix });
      units.push(...unitsOf(paras, p.from + 1, to, prefix));
    } else {
      units.push(...unitsOf(paras, p.from, to, []));
    }
  }

  const articles: Article[] = [];
  const push = (label: string, headingPath: string[], start: number, end: number) => {
    if (end <= start) return;
    articles.push({ id: `${docId}:${articles.length}`, docId, label, headingPath, start, end });
  };
  const firstAt = units.length ? units[0].at : paras.length;
  if (firstAt > 0) push('正文', [], 0, firstAt < paras.length ? paras[firstAt - 1].end : textLength);
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    const nextAt = k + 1 < units.length ? units[k + 1].at : paras.length;
    const end = nextAt < paras.length ? paras[nextAt - 1].end : textLength;
    push(u.label, u.headingPath, paras[u.at].start, end);
  }
  return articles;
}
