/**
 * Splitting one document into articles along its own numbering.
 *
 * Regulations (two or more paragraphs starting with 第X条): 第X编/章/节 build the heading path and
 * only 第X条 starts an article — an enumeration （一）（二） inside a 第X条 is part of that article.
 * Opinions and plans: 一、 is a heading (and an article for the text right under it); the next level
 * that occurs in the document — （一）, else 1., else （1） — starts the articles; lower levels stay
 * inside their parent article. Text before the first numbered unit is the preamble, labelled 正文.
 */
import type { Article } from '../types.js';
import { ARTICLE_RE, CHAPTER_RE, visualWidth } from './clean.js';

export interface ParaRange {
  text: string;
  start: number;
  end: number;
}

const CN = '[一二三四五六七八九十百零〇两]';
const L1_RE = new RegExp(`^(${CN}{1,3})、`);
const L2_RE = new RegExp(`^（(${CN}{1,3})）`);
const L3_RE = /^(\d{1,3})[.．、](?!\d)/;
const L4_RE = /^（(\d{1,3})）/;

/** Short heading text for a heading path: the paragraph up to its first full stop, at most 40 chars. */
function headingText(p: string): string {
  const cut = p.split(/[。；]/)[0];
  return cut.length > 40 ? `${cut.slice(0, 40)}…` : cut;
}

/**
 * `bodyFrom`: index of the first paragraph after the title; the title (which may itself be numbered,
 * "16. 国务院…印发《…》") belongs to the preamble.
 */
export function splitArticles(docId: string, paras: ParaRange[], textLength: number, bodyFrom = 0): Article[] {
  const units: Array<{ at: number; label: string; headingPath: string[] }> = [];
  const body = paras.slice(bodyFrom);
  const isRegulation = body.filter((p) => ARTICLE_RE.test(p.text)).length >= 2;

  if (isRegulation) {
    let book = '';
    let chapter = '';
    let section = '';
    for (let i = bodyFrom; i < paras.length; i++) {
      const t = paras[i].text;
      const ch = CHAPTER_RE.exec(t);
      if (ch && visualWidth(t) <= 40) {
        const h = t.replace(/\s+/g, ' ');
        if (ch[2] === '编') [book, chapter, section] = [h, '', ''];
        else if (ch[2] === '章') [chapter, section] = [h, ''];
        else section = h;
        units.push({ at: i, label: `第${ch[1]}${ch[2]}`, headingPath: [book, chapter, section].filter(Boolean) });
        continue;
      }
      const a = ARTICLE_RE.exec(t);
      if (a) units.push({ at: i, label: `第${a[1]}条`, headingPath: [book, chapter, section].filter(Boolean) });
    }
  } else {
    const has = (re: RegExp) => body.some((p) => re.test(p.text));
    const levels = [L2_RE, L3_RE, L4_RE];
    const articleRe = levels.find(has);
    const articleRank = articleRe ? levels.indexOf(articleRe) : -1;
    let heading = '';
    for (let i = bodyFrom; i < paras.length; i++) {
      const t = paras[i].text;
      const l1 = L1_RE.exec(t);
      if (l1) {
        heading = headingText(t);
        units.push({ at: i, label: l1[1], headingPath: [heading] });
        continue;
      }
      if (!articleRe) continue;
      // Only the article level starts an article; a higher level below 一、 (e.g. （一） when articles are 1.)
      // becomes part of the heading path.
      for (let r = 0; r <= articleRank; r++) {
        const m = levels[r].exec(t);
        if (!m) continue;
        if (r === articleRank) {
          const label = r === 0 ? `（${m[1]}）` : r === 1 ? `${m[1]}.` : `（${m[1]}）`;
          units.push({ at: i, label, headingPath: heading ? [heading] : [] });
        } else {
          units.push({ at: i, label: r === 0 ? `（${m[1]}）` : `${m[1]}.`, headingPath: heading ? [heading, headingText(t)] : [headingText(t)] });
        }
        break;
      }
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
