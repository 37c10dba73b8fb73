/**
 * Splitting a cleaned compilation (a list of paragraphs) into its documents, with metadata.
 *
 * Signals for a document start, strongest first:
 *  - a title from the file's table of contents found as a paragraph of the body;
 *  - a 文号 paragraph (国发〔2021〕4号, 第734号 after 国务院令) with its title just above;
 *  - a numbered heading with the date of issue: "1. 国务院印发…的通知（2023年6月1日）";
 *  - a title followed by a date in brackets "（2023年7月14日）";
 *  - inside a notice that 印发/转发/公布《X》: the paragraph after the signature whose title is X
 *    (the published text becomes a child document of the notice).
 */
import { DATE_LINE_RE, MANGLED_DOCNO_RE, NUMBERED_START, REMARK_LINE_RE, parseDocNoLine, visualWidth } from './clean.js';
import { corpusTitleKey } from '../text/titles.js';
import type { TocEntry } from './toc.js';

export interface DocSpan {
  /** Paragraph range [startPara, endPara). */
  startPara: number;
  endPara: number;
  /** Paragraphs [startPara, titleEndPara) form the title. */
  titleEndPara: number;
  title: string;
  docNo?: string;
  date?: string;
  effectiveDate?: string;
  validUntil?: string;
  issuer?: string;
  /** Index (in the returned list) of the notice that publishes this text. */
  parent?: number;
  how: 'toc' | 'docno' | 'heading' | 'dated' | 'addressed' | 'child' | 'interpretation' | 'first-line' | 'file';
}

export interface SplitDocumentsResult {
  spans: DocSpan[];
  /** Paragraph indices that belong to no document (cover pages, section headings between documents). */
  unplaced: number[];
  /** TOC entries that were not found in the body. */
  tocMissing: TocEntry[];
}

const DOC_TYPE_END =
  /(通知|意见|决定|规定|办法|条例|方案|措施|纲要|规划|细则|公告|通告|指引|指南|清单|批复|复函|函|决议|报告|目录|名录|标准|举措|要点|计划|政策|若干措施|实施意见|公报)(（[^）]{1,12}）)?$/;
const HEADING_WITH_DATE_RE = /^(\d{1,3})[.．、]\s*(.+?)[（(](\d{4})年(\d{1,2})月(\d{1,2})日[）)]$/;
const BRACKET_DATE_RE = /^[（(](\d{4})年(\d{1,2})月(\d{1,2})日[^）)]{0,40}[）)]$/;
const SECTION_HEADING_RE =
  /^([一二三四五六七八九十]{1,3}、[\u4e00-\u9fff]{1,8}|（[一二三四五六七八九十]{1,3}）[\u4e00-\u9fff]{1,8}|国务院文件|部门文件|地方文件|[\u4e00-\u9fff]{2,8}文件)$/;
const ORDER_WITH_TITLE_RE = /^((?:中华人民共和国)?[\u4e00-\u9fff]{2,20}令[〔（(]\d{4}[〕）)]第\d{1,4}号)[（(《]([^）)》]{2,60})[）)》]$/;
const INTERPRETATION_RE = /^【(政策解读|解读|政策问答|图解)】\s*/;
const ADDRESSEE_RE = /^(各|国务院各|中央|有关|[\u4e00-\u9fff、，,]{2,80}：$)/;

function iso(y: string | number, m: string | number, d?: string | number): string {
  const mm = String(m).padStart(2, '0');
  return d === undefined ? `${y}-${mm}` : `${y}-${mm}-${String(d).padStart(2, '0')}`;
}

/** "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：" and the like. */
function isAddressee(p: string): boolean {
  return /[：:]$/.test(p) && visualWidth(p) <= 160 && !/[。；]/.test(p) && /^(各|国务院|中央|有关|[\u4e00-\u9fff]{2,20}(人民政府|部|委|局|厅|办|院|会|行|公司|单位))/.test(p);
}

function isTitleLike(p: string): boolean {
  if (!p || visualWidth(p) > 100) return false;
  if (/^(附件|附表|抄送|联系人|联系电话)/.test(p)) return false;
  if (/(部长|局长|主任|主席|行长|署长|司长|厅长|书记|总理|省长|市长)$/.test(p)) return false;
  // The footer of the previous document: "生态环境部办公厅 2021年1月11日印发".
  if (/\d{4}年\d{1,2}月\d{1,2}日印发$/.test(p)) return false;
  // Contact lines: "财政部经济建设司 010-61965364".
  if (/\d{3,4}-\d{7,8}|\d{11}|@/.test(p)) return false;
  if (/[。；！？]$/.test(p) || /[。；]/.test(p)) return false;
  if (/[：:]$/.test(p)) return false;
  if (DATE_LINE_RE.test(p) || REMARK_LINE_RE.test(p) || parseDocNoLine(p) || MANGLED_DOCNO_RE.test(p)) return false;
  if (/^第\d+号$/.test(p)) return false;
  // A numbered paragraph is a title only in a numbered list of documents: "4. 市场监管总局关于印发…的通知".
  if (NUMBERED_START.test(p) && !HEADING_WITH_DATE_RE.test(p) && !(/^\d{1,3}[.．]\s*\S/.test(p) && /关于|印发|转发/.test(p))) return false;
  if (ADDRESSEE_RE.test(p) && /[：:]$/.test(p)) return false;
  return true;
}

/**
 * Title paragraphs ending just before paragraph `at`. A title printed centred in a hard-wrapped file
 * spans up to four short paragraphs ("国务院办公厅转发国家发展改革委关于推动生活性" / "服务业…的" / "通知").
 */
function titleAbove(paras: string[], at: number, floor: number): number | undefined {
  let start: number | undefined;
  let width = 0;
  for (let k = at - 1; k >= Math.max(floor, at - 4); k--) {
    const p = paras[k];
    if (!isTitleLike(p) || SECTION_HEADING_RE.test(p)) break;
    // The first line of a wrapped title is long; a short line above is a signature or a heading.
    if (start !== undefined && visualWidth(p) < 12) break;
    // A complete title above the one found belongs to something else (a signature, a previous title).
    if (start !== undefined) {
      // The lines below already begin a title ("…部关于印发《…"); a line above that reads like a title
      // of its own (an attachment list entry "3. …印发《…》", a previous title) is not part of it.
      const below = paras.slice(start, at).join('');
      if (/关于|印发|转发/.test(below.slice(0, 30)) && (DOC_TYPE_END.test(p) || /》$/.test(p) || /关于|印发|转发/.test(p))) break;
    }
    width += visualWidth(p);
    if (width > 110) break;
    start = k;
  }
  return start;
}

function matchesToc(key: string, entry: TocEntry): boolean {
  if (key.length < 6) return false;
  if (entry.key === key) return true;
  if (entry.key.startsWith(key)) {
    // The rest may be a 文号 glued in the TOC ("…的通知7国办函〔2023〕7号").
    const rest = entry.key.slice(key.length);
    return rest.length <= 20 && /号$/.test(rest);
  }
  // The TOC line was cut at the right margin.
  return entry.key.length >= 12 && key.startsWith(entry.key);
}

interface Candidate {
  start: number;
  titleEnd: number;
  how: DocSpan['how'];
  docNo?: string;
  date?: string;
  title?: string;
}

export function splitDocuments(paras: string[], toc: TocEntry[], fileTitle: string): SplitDocumentsResult {
  const cands: Candidate[] = [];

  // 1. TOC titles, in order; look a few entries ahead so one missing body does not stop the walk.
  const tocMissing: TocEntry[] = [];
  if (toc.length) {
    let e = 0;
    for (let i = 0; i < paras.length && e < toc.length; i++) {
      const p = paras[i];
      if (visualWidth(p) > 120 || /[。；]/.test(p)) continue;
      const key = corpusTitleKey(p);
      const key2 = i + 1 < paras.length && isTitleLike(paras[i + 1]) ? key + corpusTitleKey(paras[i + 1]) : '';
      for (let k = e; k < Math.min(toc.length, e + 8); k++) {
        let titleEnd = -1;
        if (key2 && matchesToc(key2, toc[k]) && !matchesToc(key, toc[k])) titleEnd = i + 2;
        else if (matchesToc(key, toc[k])) titleEnd = i + 1;
        if (titleEnd < 0) continue;
        tocMissing.push(...toc.slice(e, k));
        cands.push({ start: i, titleEnd, how: 'toc' });
        e = k + 1;
        i = titleEnd - 1;
        break;
      }
    }
    tocMissing.push(...toc.slice(e));
  }

  // 2. 文号 paragraphs with a title above.
  for (let i = 1; i < paras.length; i++) {
    const p = paras[i];
    let docNo = parseDocNoLine(p);
    if (!docNo) {
      const m = /^第(\d{1,4})号$/.exec(p);
      const order = m && /((?:国务院|[\u4e00-\u9fff]{2,12})令)(?:[（《][^）》]*[）》])?$/.exec(paras[i - 1]);
      if (m && order) docNo = `${order[1].replace(/^中华人民共和国/, '')}第${m[1]}号`;
    }
    if (!docNo && !MANGLED_DOCNO_RE.test(p)) continue;
    const start = titleAbove(paras, i, 0);
    if (start === undefined) continue;
    cands.push({ start, titleEnd: i, how: 'docno', docNo });
  }

  // 6. A title (without 文号) directly followed by its addressee line: "…的通知" / "各省、自治区…：".
  for (let i = 1; i < paras.length; i++) {
    if (!isAddressee(paras[i])) continue;
    const start = titleAbove(paras, i, 0);
    if (start === undefined) continue;
    const title = paras.slice(start, i).join('');
    if (DOC_TYPE_END.test(title) && /关于|印发|转发/.test(title)) cands.push({ start, titleEnd: i, how: 'addressed' });
  }

  // 7. An order with its number and title on one line: "中国人民银行令〔2021〕第4号（征信业务管理办法）";
  // 8. a line "发文机关：… 发布日期：…" under a title; 9. an order heading "中华人民共和国商务部令".
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const order = ORDER_WITH_TITLE_RE.exec(p);
    if (order) {
      cands.push({ start: i, titleEnd: i + 1, how: 'docno', docNo: parseDocNoLine(order[1]) });
      continue;
    }
    if (/^发文机关/.test(p) || /^(中华人民共和国)?[\u4e00-\u9fff]{2,20}\s?令$/.test(p)) {
      const start = titleAbove(paras, i, 0);
      if (start !== undefined) cands.push({ start, titleEnd: i, how: 'docno' });
      else if (/令$/.test(p)) cands.push({ start: i, titleEnd: i + 1, how: 'docno' });
    }
  }

  // 5. A policy interpretation printed after a document ("【政策解读】…答记者问") is a document of its own.
  for (let i = 0; i < paras.length; i++) {
    const m = INTERPRETATION_RE.exec(paras[i]);
    if (!m) continue;
    let titleEnd = i + 1;
    let title = paras[i].slice(m[0].length).trim();
    while (titleEnd < paras.length && titleEnd < i + 3 && isTitleLike(paras[titleEnd]) && !/^新华社|电$/.test(paras[titleEnd]) && (!title || !/(答记者问|解读|问答)$/.test(title))) {
      title += paras[titleEnd];
      titleEnd++;
    }
    if (title) cands.push({ start: i, titleEnd, how: 'interpretation', title: `政策解读：${title}` });
  }

  // 3. Numbered headings carrying the date of issue; 4. titles followed by a bracketed date.
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const m = HEADING_WITH_DATE_RE.exec(p);
    if (m && visualWidth(p) <= 140 && !/[。；]/.test(p)) {
      cands.push({ start: i, titleEnd: i + 1, how: 'heading', date: iso(m[3], m[4], m[5]), title: m[2] });
      continue;
    }
    const d = BRACKET_DATE_RE.exec(p);
    if (d && i > 0 && isTitleLike(paras[i - 1]) && (DOC_TYPE_END.test(paras[i - 1]) || /^\d{1,3}[.．]|》$/.test(paras[i - 1]))) {
      const start = titleAbove(paras, i, 0) ?? i - 1;
      cands.push({ start, titleEnd: i, how: 'dated', date: iso(d[1], d[2], d[3]) });
    }
  }

  // Merge candidates that describe the same start (a TOC title that is also above a 文号).
  cands.sort((a, b) => a.start - b.start || a.titleEnd - b.titleEnd);
  const merged: Candidate[] = [];
  for (const c of cands) {
    const prev = merged[merged.length - 1];
    if (prev && c.start <= prev.titleEnd && c.start >= prev.start) {
      prev.docNo ??= c.docNo;
      prev.date ??= c.date;
      prev.title ??= c.title;
      if (c.how === 'docno' && prev.how !== 'docno') prev.titleEnd = Math.max(prev.titleEnd, c.titleEnd);
      continue;
    }
    merged.push({ ...c });
  }

  const spans: DocSpan[] = [];
  const unplaced: number[] = [];
  if (!merged.length) {
    // One document whose first line names it (a .md file's "# …办法", a text that starts with its title).
    const first = paras[0];
    const only: DocSpan =
      first && isTitleLike(first) && DOC_TYPE_END.test(first)
        ? { startPara: 0, endPara: paras.length, titleEndPara: 1, title: first, how: 'first-line' }
        : { startPara: 0, endPara: paras.length, titleEndPara: 0, title: fileTitle, how: 'file' };
    // A single document (an upload, a .md file) has its 文号, dates and issuer like any other.
    fillMetadata(paras, only, [only]);
    return { spans: [only], unplaced, tocMissing };
  }
  for (let i = 0; i < merged[0].start; i++) unplaced.push(i);
  for (let k = 0; k < merged.length; k++) {
    const c = merged[k];
    let end = k + 1 < merged.length ? merged[k + 1].start : paras.length;
    // A title printed without its text (a compilation's misprint) is not a document.
    const body = paras.slice(c.titleEnd, end).filter((p) => !parseDocNoLine(p) && !DATE_LINE_RE.test(p) && !MANGLED_DOCNO_RE.test(p));
    if (!body.length) {
      for (let i = c.start; i < end; i++) unplaced.push(i);
      continue;
    }
    // Section headings of a compilation between documents ("一、国家", "（一）北京", "部门文件") belong to
    // none; only where the next document was found from the compilation's own list or numbering.
    const next = merged[k + 1];
    if (next && (next.how === 'toc' || next.how === 'heading')) {
      while (end - 1 > c.titleEnd && SECTION_HEADING_RE.test(paras[end - 1])) unplaced.push(--end);
    }
    const rawTitle = c.title ?? paras.slice(c.start, c.titleEnd).join('');
    spans.push({
      startPara: c.start,
      endPara: end,
      titleEndPara: c.titleEnd,
      title: cleanTitle(rawTitle),
      docNo: c.docNo,
      date: c.date,
      how: c.how,
    });
  }
  unplaced.sort((a, b) => a - b);

  const withChildren = splitEmbeddedRegulations(paras, splitPublishedTexts(paras, spans));
  for (const s of withChildren) fillMetadata(paras, s, withChildren);
  // A notice signed after the text it publishes has its signature date in the child's range.
  withChildren.forEach((s, k) => {
    if (s.date) return;
    const child = withChildren.find((c) => c.parent === k && c.date);
    if (child) s.date = child.date;
  });
  // "中华人民共和国国务院令" alone says nothing in a list of documents: add the number and what it publishes.
  withChildren.forEach((s, k) => {
    const no = s.docNo && /第(\d+)号$/.exec(s.docNo);
    if (!/令$/.test(s.title) || !no) return;
    const child = withChildren.find((c) => c.parent === k);
    s.title = `${s.title}第${no[1]}号${child ? `（${child.title}）` : ''}`;
  });
  return { spans: withChildren, unplaced, tocMissing };
}

/**
 * Where line breaks were lost, the title of a published text can be glued to its first sentence
 * ("关于…的若干措施推进高水平对外开放，…"). When a notice names the text 《X》 and a paragraph shortly
 * after starts with X, X becomes its own paragraph.
 */
export function separateGluedTitles(paras: string[]): string[] {
  const out: string[] = [];
  let names: string[] = [];
  let ttl = 0;
  for (const p of paras) {
    if (/印发|转发|公布|发布/.test(p)) {
      const found = [...p.matchAll(/《([^《》]{8,80})》/g)].map((m) => m[1]);
      if (found.length) {
        names = found;
        ttl = 12;
      }
    }
    const hit = ttl > 0 ? names.find((n) => p.length > n.length + 4 && p.startsWith(n) && !/^[，。；、）》”]/.test(p.slice(n.length))) : undefined;
    if (hit) {
      out.push(hit, p.slice(hit.length));
      names = [];
      ttl = 0;
      continue;
    }
    ttl--;
    out.push(p);
  }
  return out;
}

export function cleanTitle(t: string): string {
  return t
    .replace(/^[•·●■◆▲\s]+/, '')
    .replace(/^[（(](此件|本文|此文|本件|联系单位|联系人)[^）)]{0,40}[）)]/, '')
    .replace(/^\d{1,3}[.．、]\s*/, '')
    .replace(/[（(]\d{4}年\d{1,2}月\d{1,2}日[）)]$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A notice that 印发/转发/公布 a text: the text after the notice's signature becomes a child span,
 * so that both are found under their own titles.
 */
function splitPublishedTexts(paras: string[], spans: DocSpan[]): DocSpan[] {
  const out: DocSpan[] = [];
  for (const s of spans) {
    out.push(s);
    const head = paras.slice(s.startPara, Math.min(s.endPara, s.titleEndPara + 6)).join('\n');
    if (!/印发|转发|公布|发布|颁布|令/.test(head)) continue;
    const names = new Set<string>();
    for (const m of head.matchAll(/《([^《》]{4,80})》/g)) names.add(corpusTitleKey(m[1]));
    const inTitle = /令(?:[〔（(]\d{4}[〕）)]第\d+号)?[（(《]([^）)》]{4,60})[）)》]$/.exec(s.title);
    if (inTitle) names.add(corpusTitleKey(inTitle[1]));
    const plain = /(?:印发|转发)(.{4,60}?)的通知$/.exec(s.title);
    if (plain) names.add(corpusTitleKey(plain[1]));
    if (!names.size) continue;
    // A notice signed after the text it publishes: the published title follows the notice's few
    // paragraphs directly ("…印发给你们，请认真贯彻落实。" / "统筹融资信用服务平台建设" / "…实施方案").
    const early = publishedTitleAt(paras, s, names);
    if (early) {
      out.push({
        startPara: early[0],
        endPara: s.endPara,
        titleEndPara: early[1],
        title: cleanTitle(paras.slice(early[0], early[1]).join('')),
        docNo: s.docNo,
        how: 'child',
        parent: out.length - 1,
      });
      s.endPara = early[0];
      continue;
    }
    // The signature: a date line (or a remark after it) near the end of the notice text.
    for (let i = s.titleEndPara + 1; i < s.endPara - 1; i++) {
      if (!DATE_LINE_RE.test(paras[i])) continue;
      let j = i + 1;
      while (j < s.endPara && REMARK_LINE_RE.test(paras[j])) j++;
      // Allow a "附件" line between the signature and the published title.
      if (j < s.endPara && /^附件\d*[：:]?$/.test(paras[j])) j++;
      if (j >= s.endPara || !isTitleLike(paras[j])) break;
      let titleEnd = j + 1;
      let key = corpusTitleKey(paras[j]);
      if (titleEnd < s.endPara && isTitleLike(paras[titleEnd]) && ![...names].some((n) => key.endsWith(n))) {
        key += corpusTitleKey(paras[titleEnd]);
        titleEnd++;
      }
      const matches = (k: string, n: string) => k === n || k.endsWith(n) || (n.endsWith(k) && k.length >= 6);
      const hit = [...names].find((n) => matches(key, n));
      if (!hit) break;
      const parent = out.length - 1;
      const child: DocSpan = {
        startPara: j,
        endPara: s.endPara,
        titleEndPara: titleEnd,
        title: cleanTitle(paras.slice(j, titleEnd).join('')),
        docNo: s.docNo,
        how: 'child',
        parent,
      };
      s.endPara = j;
      out.push(child);
      // A notice can publish two texts (《…管理办法》及《…实施细则》): the second starts at its own title.
      names.delete(hit);
      let last = child;
      for (let k = last.titleEndPara + 3; k < last.endPara && names.size; k++) {
        if (!isTitleLike(paras[k]) || visualWidth(paras[k]) < 6) continue;
        const second = [...names].find((n) => corpusTitleKey(paras[k]) === n);
        if (!second) continue;
        names.delete(second);
        const sibling: DocSpan = { startPara: k, endPara: last.endPara, titleEndPara: k + 1, title: cleanTitle(paras[k]), docNo: s.docNo, how: 'child', parent };
        last.endPara = k;
        out.push(sibling);
        last = sibling;
      }
      break;
    }
  }
  return out;
}

/** The title of a regulation-like text: 网络直播营销管理办法（试行）, 动产和权利担保统一登记办法. */
const REGULATION_TITLE_RE = /(办法|条例|规定|细则|规则|准则|规范|标准|指引|指南|制度|章程)(（[^）]{1,12}）)?$/;
const FIRST_ARTICLE_RE = /^第一(章|条)/;
/** A line of co-issuing agencies above a title: "国家互联网信息办公室、公安部、商务部、文化和旅游". */
const AGENCY_LIST_RE = /^[\u4e00-\u9fff、]{2,80}$/;

/**
 * A regulation printed inside another document without a table-of-contents entry or 文号 of its own:
 * a regulation-like title directly followed by 第一章/第一条, after the text of the document it was
 * found in. Without this its articles would be cited under the other document's title.
 *  - the text the document itself publishes (its title or a 《》 in its first paragraphs names it)
 *    becomes its child;
 *  - one announced just above ("中国人民银行发布《X》" … 附件：X) starts a document at that line, X its child;
 *  - otherwise it is a document of its own, the agency lines just above it its issuer.
 */
function splitEmbeddedRegulations(paras: string[], spans: DocSpan[]): DocSpan[] {
  const out: DocSpan[] = [];
  const newIndex = new Map<number, number>();
  spans.forEach((s, k) => {
    const own: DocSpan = { ...s, parent: s.parent === undefined ? undefined : newIndex.get(s.parent) };
    newIndex.set(k, out.length);
    out.push(own);
    let current = own;
    let currentIndex = out.length - 1;
    for (let i = own.titleEndPara + 2; i < current.endPara - 1; i++) {
      const p = paras[i];
      if (!FIRST_ARTICLE_RE.test(paras[i + 1] ?? '') || !isTitleLike(p) || visualWidth(p) < 8 || !REGULATION_TITLE_RE.test(p)) continue;
      // Only after the text of the document it sits in: a document's own first article comes right after its title.
      if (i - current.titleEndPara < 4) continue;
      const name = corpusTitleKey(p.replace(/^附件\d*[：:]?/, ''));
      const head = paras.slice(current.startPara, Math.min(current.endPara, current.titleEndPara + 6)).join('');
      const quoted = new Set([...head.matchAll(/《([^《》]{4,80})》/g)].map((m) => corpusTitleKey(m[1])));
      const isOwnText = corpusTitleKey(current.title).includes(name) || quoted.has(name);
      let announce = -1;
      if (!isOwnText) {
        for (let j = i - 1; j > Math.max(current.titleEndPara, i - 30); j--) {
          const m = /(?:发布|印发|公布)《([^《》]{4,80})》$/.exec(paras[j]);
          if (m && corpusTitleKey(m[1]) === name && isTitleLike(paras[j])) {
            announce = j;
            break;
          }
        }
      }
      const end = current.endPara;
      let parent = isOwnText ? currentIndex : undefined;
      if (announce >= 0) {
        const notice: DocSpan = { startPara: announce, endPara: i, titleEndPara: announce + 1, title: cleanTitle(paras[announce]), how: 'heading' };
        current.endPara = announce;
        out.push(notice);
        parent = out.length - 1;
      }
      let start = i;
      let issuer: string | undefined;
      if (parent === undefined) {
        // Co-issuing agencies printed just above the title, after the previous document's signature.
        while (start - 1 > current.titleEndPara && i - start < 4 && AGENCY_LIST_RE.test(paras[start - 1]) && !DATE_LINE_RE.test(paras[start - 1])) start--;
        if (start < i) issuer = paras.slice(start, i).join('');
      }
      const text: DocSpan = {
        startPara: start,
        endPara: end,
        titleEndPara: i + 1,
        title: cleanTitle(p.replace(/^附件\d*[：:]?/, '')),
        how: parent === undefined ? 'heading' : 'child',
        parent,
        issuer,
      };
      if (announce < 0) current.endPara = start;
      else out[parent!].endPara = i;
      out.push(text);
      current = text;
      currentIndex = out.length - 1;
      i = text.titleEndPara;
    }
  });
  return out;
}

/**
 * The published text's title among the first paragraphs of a notice that has no signature before it:
 * one or two title-like paragraphs whose text is one of the names the notice quotes.
 */
function publishedTitleAt(paras: string[], s: DocSpan, names: Set<string>): [number, number] | undefined {
  for (let j = s.titleEndPara + 1; j < Math.min(s.endPara - 1, s.titleEndPara + 6); j++) {
    if (DATE_LINE_RE.test(paras[j])) return undefined;
    if (!isTitleLike(paras[j])) continue;
    for (const end of [j + 1, j + 2]) {
      if (end > j + 1 && !isTitleLike(paras[j + 1])) break;
      const key = corpusTitleKey(paras.slice(j, end).join(''));
      if (key.length >= 8 && names.has(key)) return [j, end];
    }
  }
  return undefined;
}

/** A person signing (总理李克强, 局长罗文) is not the issuer. */
const SIGNER_RE = /^(总理|副总理|局长|部长|主任|署长|行长|主席|书记|省长|市长|会长|委员长)/;

const ISSUER_BY_DOCNO: Array<[RegExp, string]> = [
  [/^国办/, '国务院办公厅'],
  [/^国发|^国函|^国务院令/, '国务院'],
];

function fillMetadata(paras: string[], s: DocSpan, all: DocSpan[]): void {
  // An interpretation quotes the dates and issuers of the document it explains; none of them are its own.
  if (s.how === 'interpretation') return;
  const parent = s.parent !== undefined ? all[s.parent] : undefined;
  // A published text is cited with its notice's 文号 (企业名称登记管理规定, 国务院令第734号).
  if (!s.docNo && parent?.docNo) s.docNo = parent.docNo;
  if (!s.docNo) {
    for (let i = s.titleEndPara; i < Math.min(s.endPara, s.titleEndPara + 3); i++) {
      const d = parseDocNoLine(paras[i]);
      if (d) {
        s.docNo = d;
        break;
      }
    }
  }
  // "发文机关：中国人民银行 发布日期：2021-09-30" under the title says both (the signature date wins).
  let published: string | undefined;
  for (let i = s.titleEndPara; i < Math.min(s.endPara, s.titleEndPara + 3); i++) {
    const m = /^发文机关[：:](.+?)发布\s*日期[：:](\d{4})-(\d{1,2})-(\d{1,2})/.exec(paras[i]);
    if (!m) continue;
    s.issuer ??= m[1].trim();
    published = iso(m[2], m[3], m[4]);
  }
  // Date of issue: the signature date, or a bracketed date under the title; a published text has its notice's.
  let signatureAt = -1;
  for (let i = s.titleEndPara; i < s.endPara; i++) {
    const m = DATE_LINE_RE.exec(paras[i]) ?? BRACKET_DATE_RE.exec(paras[i]);
    if (m) {
      s.date ??= iso(m[1], m[2], m[3]);
      signatureAt = i;
      break;
    }
  }
  s.date ??= published;
  if (parent?.date) s.date = parent.date;

  // Issuer: the State Council by its 文号, else the title up to 关于/印发, else the signature lines.
  if (s.docNo) {
    const key = s.docNo.replace(/\s+/g, '');
    for (const [re, name] of ISSUER_BY_DOCNO) if (re.test(key)) s.issuer = name;
  }
  if (!s.issuer && parent?.issuer) s.issuer = parent.issuer;
  if (!s.issuer) {
    const m = /^(.{2,40}?)(?:关于|印发|转发|公布|发布)/.exec(s.title);
    if (m && !/[《“]|关于/.test(m[1])) s.issuer = m[1].replace(/[、，,\s]+$/, '').trim();
    else if (/令$/.test(s.title) && s.title.length <= 20) s.issuer = s.title.replace(/^中华人民共和国/, '').replace(/令$/, '');
  }
  if (!s.issuer && signatureAt > s.titleEndPara) {
    const names: string[] = [];
    for (let i = signatureAt - 1; i > s.titleEndPara && names.length < 20; i--) {
      const sig = paras[i];
      if (visualWidth(sig) > 40 || /[。；，：,:（）()]/.test(sig) || NUMBERED_START.test(sig) || SIGNER_RE.test(sig)) break;
      names.unshift(sig);
    }
    if (names.length) s.issuer = names.join('、');
  }
  const text = paras.slice(s.startPara, s.endPara).join('\n');
  const eff = effectiveDateIn(text, s.date);
  s.effectiveDate = eff ?? (parent ? effectiveDateIn(paras.slice(parent.startPara, parent.endPara).join('\n'), s.date) : undefined);
  s.validUntil = validUntilIn(text, s.effectiveDate ?? s.date);
}

const SELF = '(?:本|上述)(?:办法|规定|条例|通知|公告|意见|细则|方案|措施|决定|规则|标准|指引|指南|政策|规划|计划|清单|实施意见)';

/**
 * 自…起施行: the sentence about the document itself ("本办法自2024年1月1日起施行") wins over one
 * that may quote another document; "自印发之日起" means the date of issue.
 */
export function effectiveDateIn(text: string, issued?: string): string | undefined {
  const own = new RegExp(`${SELF}[^。；]{0,30}?自(\\d{4})年(\\d{1,2})月(\\d{1,2})日起(?:施行|实施|执行|生效)`).exec(text);
  if (own) return iso(own[1], own[2], own[3]);
  if (issued && new RegExp(`${SELF}[^。；]{0,30}?自(?:印发|发布|公布|公告)之日起(?:施行|实施|执行|生效)`).test(text)) return issued;
  // An order: "…现予公布，自2021年3月1日起施行。"
  const order = /(?:现予|予以|现)(?:公布|发布)[^。]{0,60}?自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|生效)/.exec(text);
  if (order) return iso(order[1], order[2], order[3]);
  // Anything else may be a quotation of another document's date.
  return undefined;
}

const CN_YEARS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/**
 * The last day the document itself is in force, from what it says about itself:
 *  - a period: 执行期限为2023年1月1日至2024年12月31日, 实施期限自…至…, 有效期为…至… → its end;
 *  - an end: 有效期至…, 执行至…, 实施期限截至…, 延续至… → that day (a bare month: that month);
 *  - a length: 自…起施行，有效期N年 → N years from `from` (the effective date or the date of issue), less a day.
 * Not the term of something the document regulates: a licence, certificate, qualification or contract
 * named just before 有效期 (许可证有效期为三年) says nothing about the document. Within the text the first
 * sentence that speaks of the document itself (本办法…) wins, then the first that names no other subject.
 */
export function validUntilIn(text: string, from?: string): string | undefined {
  // Printed text breaks lines inside sentences (执行期限为\n2023年…): read it as one line.
  const sentences = text.replace(/[ \t]*\n[ \t]*/g, '').split(/(?<=[。；;])/);
  const found = sentences.map((sentence) => (OTHER_TERM.test(sentence) ? undefined : endDateIn(sentence, from)));
  const own = sentences.findIndex((sentence, i) => found[i] !== undefined && new RegExp(SELF).test(sentence));
  return own >= 0 ? found[own] : found.find((d) => d !== undefined);
}

/** 有效期 of what the document regulates, not of the document: 许可证有效期为三年, 证书有效期5年. */
const OTHER_TERM = /(?:许可证|许可|证书|证件|证照|执照|资格|资质|认证|认定|登记证|批准文件|批文|备案|牌照|合同|协议|保单|授权|凭证|名称|保留|检验|鉴定)[^。；，]{0,6}有效期/;
const DATE = '(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?';
const PERIOD = new RegExp(`(?:执行|实施|有效|适用|试行|政策)期(?:限|间)?(?:为|是)?[:：]?\\s*(?:自|从)?${DATE}(?:起)?\\s*(?:至|到|—|－|-)\\s*${DATE}`);
const UNTIL = new RegExp(`(?:有效期|执行期限|实施期限|执行期|实施期|执行|实施|延续|延长|试行)(?:至|到|截至|截止(?:到|至)?)\\s*${DATE}`);
const YEARS = /有效期(?:为|是)?(\d{1,2}|[一二两三四五六七八九十])年/;

function endDateIn(sentence: string, from?: string): string | undefined {
  const period = PERIOD.exec(sentence);
  if (period) return period[6] ? iso(period[4], period[5], period[6]) : iso(period[4], period[5]);
  const until = UNTIL.exec(sentence);
  if (until) return until[3] ? iso(until[1], until[2], until[3]) : iso(until[1], until[2]);
  const y = YEARS.exec(sentence);
  if (y && from && /^\d{4}-\d{2}-\d{2}$/.test(from)) {
    const years = /\d/.test(y[1]) ? Number(y[1]) : CN_YEARS[y[1]];
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() + years);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }
  return undefined;
}
