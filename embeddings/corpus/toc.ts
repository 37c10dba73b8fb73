/**
 * Tables of contents: found, turned into an ordered list of titles, and dropped from the text.
 *
 * A compilation's TOC is the best list of its documents in order, so the titles are kept to
 * locate document starts in the body; the TOC lines themselves are never indexed.
 */
import { DATE_LINE_RE, isPageNoise, normaliseLine, parseDocNoLine } from './clean.js';
import { toHalfWidth } from '../text/normalize.js';
import { corpusTitleKey } from '../text/titles.js';

export interface TocEntry {
  /** Title as printed (page number, dot leaders, item number, trailing date removed). */
  title: string;
  /** corpusTitleKey(title) */
  key: string;
  /** 文号 printed with the entry (glued to the title or on its own line). */
  docNo?: string;
  page?: number;
}

export interface TocResult {
  entries: TocEntry[];
  /** Raw line ranges [from, to) that belong to a TOC. */
  ranges: Array<[number, number]>;
}

/** "title<TAB>7", "title.......23", "title…………… 1", "title·····  63" */
const PAGE_REF_RE = /(?:\t|\s{2,}|\.{2,}|…{1,}|·{2,}|⋯{1,}|\s)\s*(\d{1,4})\s*$/;
const LEADER_RE = /(?:\.{2,}|…{1,}|·{2,}|⋯{1,}|\t)/;

function hasPageRef(raw: string): boolean {
  const s = toHalfWidth(raw).replace(/\s+$/, '');
  if (!/\d$/.test(s)) return false;
  if (!PAGE_REF_RE.test(s)) return false;
  // A table row has several tabs; a TOC entry has a title.
  if ((s.match(/\t/g)?.length ?? 0) > 1 || (s.match(/[\u4e00-\u9fff]/g)?.length ?? 0) < 1) return false;
  // A leader or a tab is required: body text wrapped after a number ("…补贴 7000") is not a TOC line.
  const m = PAGE_REF_RE.exec(s)!;
  return LEADER_RE.test(s.slice(Math.max(0, m.index - 2), m.index + m[0].length));
}

const SECTION_HEADER_RE = /^(国务院文件|部门文件|地方文件|[\u4e00-\u9fff]{2,6}文件|[一二三四五六七八九十]+、[\u4e00-\u9fff]{1,6}|（[一二三四五六七八九十]+）[\u4e00-\u9fff]{1,6})$/;
const ITEM_NO_RE = /^(\d{1,3})[.．、]\s*/;

/**
 * Find TOC blocks: clusters of at least three lines ending in a page reference with at most a few
 * lines between them, extended back over a "目录" heading and forward over numbered entries whose
 * page reference was cut off.
 */
export function findToc(rawLines: string[]): TocResult {
  const ranges: Array<[number, number]> = [];
  const entries: TocEntry[] = [];
  const isBlank = (i: number) => {
    const t = rawLines[i].trim();
    return !t || isPageNoise(t);
  };
  const pageRef = (i: number) => !isBlank(i) && hasPageRef(rawLines[i]);
  let i = 0;
  const n = rawLines.length;
  while (i < n) {
    if (!pageRef(i)) {
      i++;
      continue;
    }
    // Grow a cluster from i.
    let last = i;
    let count = 1;
    let j = i + 1;
    let gap = 0;
    while (j < n) {
      if (isBlank(j)) {
        j++;
        continue;
      }
      if (pageRef(j)) {
        last = j;
        count++;
        gap = 0;
      } else if (++gap > 10) break;
      j++;
    }
    if (count < 3) {
      i = last + 1;
      continue;
    }
    // Extend back over a 目录 heading (possibly split "目" / "录……3") and a wrapped first entry.
    let from = i;
    for (let k = i - 1, seen = 0; k >= 0 && seen < 4; k--) {
      if (isBlank(k)) continue;
      seen++;
      const t = rawLines[k].replace(/\s+/g, '');
      if (/^目录?$|^目录/.test(t)) {
        from = k;
        break;
      }
      if (/^录$/.test(t)) {
        // "目" and "录" printed on two lines.
        from = k;
        let k2 = k - 1;
        while (k2 >= 0 && isBlank(k2)) k2--;
        if (k2 >= 0 && rawLines[k2].trim() === '目') from = k2;
        break;
      }
      if (/[。；]$/.test(t)) break;
      if (ITEM_NO_RE.test(t)) from = k;
    }
    // Extend forward over numbered entries that lost their page reference (cut at the right margin).
    let to = last + 1;
    let lastNo = lastItemNumber(rawLines, from, to);
    for (let k = to; k < n && lastNo !== undefined; k++) {
      if (isBlank(k)) continue;
      const m = ITEM_NO_RE.exec(toHalfWidth(rawLines[k].trim()));
      if (m && Number(m[1]) === lastNo + 1) {
        lastNo++;
        to = k + 1;
        continue;
      }
      // One continuation line of a wrapped entry is allowed if a numbered entry follows.
      let k2 = k + 1;
      while (k2 < n && isBlank(k2)) k2++;
      const m2 = k2 < n ? ITEM_NO_RE.exec(toHalfWidth(rawLines[k2].trim())) : null;
      if (m2 && Number(m2[1]) === lastNo + 1) {
        to = k + 1;
        continue;
      }
      break;
    }
    ranges.push([from, to]);
    entries.push(...parseEntries(rawLines.slice(from, to)));
    i = to;
  }
  return { entries, ranges };
}

function lastItemNumber(lines: string[], from: number, to: number): number | undefined {
  for (let k = to - 1; k >= from; k--) {
    const t = toHalfWidth(lines[k].trim());
    const m = ITEM_NO_RE.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function parseEntries(lines: string[]): TocEntry[] {
  const out: TocEntry[] = [];
  let buf = '';
  const flush = (page?: number) => {
    const e = makeEntry(buf, page);
    buf = '';
    if (!e) return;
    const prev = out[out.length - 1];
    // A 文号 or date printed on its own line belongs to the entry above.
    const asDocNo = parseDocNoLine(e.title);
    if (prev && (asDocNo || DATE_LINE_RE.test(e.title))) {
      if (asDocNo) prev.docNo = asDocNo;
      return;
    }
    if (e.key.length < 6) return;
    out.push(e);
  };
  for (const raw of lines) {
    const t = raw.trim();
    if (!t || isPageNoise(t)) continue;
    const line = normaliseLine(t);
    if (/^目\s*录?$|^录$/.test(line)) continue;
    if (SECTION_HEADER_RE.test(line)) {
      if (buf) flush();
      continue;
    }
    if (ITEM_NO_RE.test(line) && buf) flush();
    const half = toHalfWidth(t).replace(/\s+$/, '');
    if (hasPageRef(t)) {
      const m = PAGE_REF_RE.exec(half);
      buf += half.slice(0, m ? m.index : half.length);
      flush(m ? Number(m[1]) : undefined);
    } else {
      buf += t;
    }
  }
  if (buf) flush();
  return out;
}

function makeEntry(text: string, page?: number): TocEntry | undefined {
  let t = normaliseLine(text.replace(/[.…·⋯\t]+\s*$/, '').replace(/[.…·⋯]{2,}/g, ''));
  t = t.replace(ITEM_NO_RE, '');
  t = t.replace(/[（(]\d{4}年\d{1,2}月(\d{1,2}日)?[）)]$/, '');
  if (!t) return undefined;
  let docNo: string | undefined;
  // A 文号 glued to the end of the title: "...的通知7 国办函（2023）7号" / "...的通知国知发运函字（2023）156号".
  const m = /([\u4e00-\u9fff]{1,12}[〔（([]\d{4}[〕）)\]]\d{1,4}号)$/.exec(t);
  if (m && m.index > 0) {
    docNo = parseDocNoLine(m[1]);
  }
  return { title: t, key: corpusTitleKey(t), docNo, page };
}
