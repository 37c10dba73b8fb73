/**
 * Cleaning of PDF-extracted text: pure functions on lines and strings.
 *
 * The compilations were extracted from PDFs, so a line break is usually a layout artifact
 * (Chinese has no spaces between words, so a wrapped sentence must be rejoined without a space),
 * page numbers and page markers sit between paragraphs, and the same 文号 is spelled several ways.
 */
import { foldRadicals, toHalfWidth } from '../text/normalize.js';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** CJK punctuation and full-width brackets: never need a space next to them. */
const CJK_PUNCT = '\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2018-\\u201f\\u2026\\u2014\\u00b7';
const CJK_CLASS = `[${CJK}${CJK_PUNCT}]`;

const CN_NUM = '[一二三四五六七八九十百千零〇两]';
const LEADING_LABEL_SPACE = new RegExp(`^(第${CN_NUM}+[编章节条])\\s+`);
const ISSUER_SPACE = /([部委局院会厅办署行室府央心司])[ \t]+(?=[\u4e00-\u9fff])(?!关于|印发|转发)/g;
const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK_CLASS})[ \\t]+(?=${CJK_CLASS})`, 'g');
const SPACE_CJK_DIGIT = new RegExp(`(?<=${CJK_CLASS})[ \\t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \\t]+(?=${CJK_CLASS})`, 'g');

/**
 * One line: half-width digits, no stray spaces between CJK characters or between CJK and digits
 * ("2020 年 12 月" → "2020年12月", "第 734 号" → "第734号"), spaces kept between Latin words.
 */
export function normaliseLine(line: string): string {
  // "**…**" is Markdown emphasis left by the conversion, not text; "# 标题" a Markdown heading mark (a bring-your-own
  // .md corpus), not part of the title — but "# Page 3:" is a PDF page marker, which isPageNoise removes whole.
  let s = toHalfWidth(foldRadicals(line))
    .replace(/\*\*/g, '')
    .replace(/^\s*#{1,6}\s+(?!Page\s*\d)/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.includes(' ')) {
    // Keep the space after a leading 第X条 / 第X章: it separates the label from the text.
    s = s.replace(LEADING_LABEL_SPACE, '$1\u0001');
    // In a title-like line, a space after an organisation name separates issuers ("财政部 税务总局关于…").
    if (!/[，。；：,]/.test(s) && s.length <= 80) s = s.replace(ISSUER_SPACE, '$1\u0001');
    s = s
      .replace(SPACE_BETWEEN_CJK, '')
      .replace(SPACE_CJK_DIGIT, '')
      .replace(/\u0001/g, ' ');
  }
  // "(十)" at the start of an item is the same numbering as "（十）".
  if (s[0] === '(' || s[0] === '（') {
    s = s.replace(/^\(([一二三四五六七八九十百零〇]+|\d{1,3})\)\s*/, '（$1）');
    s = s.replace(/^（([一二三四五六七八九十百零〇]+|\d{1,3})）\s+/, '（$1）');
  }
  return s;
}

/**
 * Links printed next to attachments ("https://www.gov.cn/….pdf") and bare attachment file names carry
 * nothing a reader asks about; they are removed from the line.
 */
export function stripLinks(line: string): string {
  if (!/https?:\/\/|www\.|mailto:|\.(pdf|docx?|xlsx?|wps|ofd|zip|rar)\b/i.test(line)) return line;
  return line
    .replace(/mailto:[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/gi, ' ')
    .replace(/https?:\/\/[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/gi, ' ')
    .replace(/[^\s/\\]{1,80}\.(pdf|docx?|xlsx?|wps|ofd|zip|rar)(?=\s|$)/gi, ' ')
    .trim();
}

/** Page markers and bare page numbers left by the PDF extraction. */
export function isPageNoise(line: string): boolean {
  return /^#\s*Page\s*\d+\s*:?$/i.test(line) || /^[-—–－]?\s*\d{1,4}\s*[-—–－]?$/.test(line) || /^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$/.test(line) || /^[·•]\s*\d{1,4}\s*[·•]$/.test(line);
}

/** Visual width of a line: CJK characters count 1, ASCII 0.5 (they are half-width in the PDF). */
export function visualWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) w += s.charCodeAt(i) < 0x2000 ? 0.5 : 1;
  return w;
}

/** Starts of numbered units: a break before them is always real. */
export const NUMBERED_START = new RegExp(`^(第${CN_NUM}+[编章节条]|${CN_NUM}{1,3}、|（${CN_NUM}{1,3}）|（\\d{1,3}）|\\d{1,3}[.．、](?!\\d)|附件\\s*\\d*[：:]?|附表|附录)`);
export const CHAPTER_RE = new RegExp(`^第(${CN_NUM}+)([编章节])\\s*(\\S.*)?$`);
/** 第X条 starting an article — not "第十条规定的…" / "第三条第二款" quoting another article. */
export const ARTICLE_RE = new RegExp(`^第(${CN_NUM}+)条(?!规定|的|所|第|至|和|或|、|中|以|款|之)`);

/** A date alone on a line: "2023年1月11日", "（2023年7月14日）". */
export const DATE_LINE_RE = /^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$/;
/** "（此件公开发布）", "（此件有删减）" and similar closing remarks. */
export const REMARK_LINE_RE = /^[（(](此件|本文|此文|本件|联系单位|联系人)[^）)]{0,40}[）)]$/;

/**
 * A 文号 alone on a line, in any of its spellings. Returns the canonical form or undefined.
 * Accepts 国办函〔2023〕7号, 国发（2023）11号, 工信部企业函(2023)4号, 财政部 税务总局公告2023年第6号, 第765号 (after 国务院令).
 */
export function parseDocNoLine(line: string): string | undefined {
  if (line.length > 80 || !line.includes('号')) return undefined;
  const s = line.replace(/\s+/g, '');
  if (s.length > 40) return undefined;
  let m = /^([\u4e00-\u9fff]{1,20})[〔（([【［﹝]((?:19|20)\d{2})[〕）)\]】］﹞]第?(\d{1,4})号$/.exec(s);
  // An order is numbered "第4号" within its year: 中国人民银行令〔2021〕第4号.
  if (m) return `${m[1]}〔${m[2]}〕${m[1].endsWith('令') ? '第' : ''}${m[3]}号`;
  m = /^([\u4e00-\u9fff、]{2,30}公告)((?:19|20)\d{2})年第(\d{1,4})号$/.exec(s);
  if (m) return `${m[1]}${m[2]}年第${m[3]}号`;
  m = /^([\u4e00-\u9fff]{1,20}令)第(\d{1,4})号$/.exec(s);
  // "国令第778号" is the usual short form of 国务院令.
  if (m) return `${m[1] === '国令' ? '国务院令' : m[1]}第${m[2]}号`;
  return undefined;
}

/** Canonical 文号 for matching anywhere (also inside a longer string). */
export function canonicalDocNo(raw: string): string {
  return toHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/[〔（([【［﹝]((?:19|20)\d{2})[〕）)\]】］﹞]/g, '〔$1〕');
}

export interface JoinOptions {
  /**
   * Typical width of a full line in a hard-wrapped file (lines shorter than this end a paragraph),
   * or undefined for files where each line is already a paragraph (breaks only at page breaks).
   */
  wrapWidth?: number;
  /** Lines were broken at arbitrary points (short lines do not end paragraphs). */
  loose?: boolean;
}

/** Estimate the wrap width: in a hard-wrapped file most lines have (nearly) the same width. */
export function estimateWrapWidth(lines: string[], widths: number[] = lines.map(visualWidth)): number | undefined {
  const hist = new Map<number, number>();
  let n = 0;
  for (const width of widths) {
    const w = Math.round(width);
    if (w < 8) continue;
    hist.set(w, (hist.get(w) ?? 0) + 1);
    n++;
  }
  if (n < 20) return undefined;
  let best = 0;
  let bestCount = 0;
  for (const [w, c] of hist) {
    // Count the band [w-2, w] — lines end a little before the margin when a word does not fit.
    const band = c + (hist.get(w - 1) ?? 0) + (hist.get(w - 2) ?? 0);
    if (band > bestCount || (band === bestCount && w > best)) {
      best = w;
      bestCount = band;
    }
  }
  return bestCount / n >= 0.3 ? best : undefined;
}

/** A sentence end, possibly followed by closing quotes, or by a note in brackets ("。（各地方负责）"). */
const TERMINAL_END = /[。；！？：:;!?…]["”’）)】」]*$|。[（(][^（）()]{1,40}[）)]$/;

function isStandaloneLine(s: string): boolean {
  return (
    DATE_LINE_RE.test(s) ||
    REMARK_LINE_RE.test(s) ||
    parseDocNoLine(s) !== undefined ||
    /^第\d{1,4}号$/.test(s) ||
    /^【[^】]{2,8}】$/.test(s) ||
    /^发文机关/.test(s) ||
    /\d{4}年\d{1,2}月\d{1,2}日印发$/.test(s) ||
    /^(中华人民共和国)?[\u4e00-\u9fff]{0,10}令$/.test(s) ||
    /^[（(]\d{4}年\d{1,2}月\d{1,2}日[^）)]{0,40}[）)]$/.test(s)
  );
}

/** A short heading: 一、总体要求 / 第二章 企业名称 — a break after it is real. */
function isHeadingLine(s: string, wrapWidth: number | undefined, loose = false): boolean {
  if (!NUMBERED_START.test(s)) return false;
  if (/[。；，]/.test(s)) return false;
  if (CHAPTER_RE.test(s)) return true;
  if (ARTICLE_RE.test(s)) return false;
  // Where lines break anywhere, only a short 一、 heading is sure to stand alone.
  if (loose && !/^[一二三四五六七八九十]{1,3}、/.test(s)) return false;
  const w = visualWidth(s);
  return wrapWidth ? w < wrapWidth - 2 : w <= (loose ? 20 : 40);
}

/** 文号 broken over lines by the extraction ("国发〔" / "〕" / "号"), with year and number lost. */
const DOCNO_HEAD_RE = /^[\u4e00-\u9fff]{1,14}[〔（(﹝]\d{0,4}$/;
const DOCNO_FRAGMENT_RE = /^[\u4e00-\u9fff]{1,14}[〔（(]\d{0,4}[〕）)]?\d{0,4}号?$/;
export const MANGLED_DOCNO_RE = /^[\u4e00-\u9fff]{1,14}[〔（(]\d{0,4}[〕）)]\d{0,4}号$/;
/** The addressee line that follows a title: "各省、自治区、直辖市人民政府，…：". */
const ADDRESSEE_START_RE = /^(各(省|市|设区|有关|级|县|部门|单位|直属|计划|中央|银保监|保险|商业|政策|民营)|国务院各部委|国务院有关部门|中央和国家机关)/;
const TITLE_WITH_DATE_END = /[（(]\d{4}年\d{1,2}月\d{1,2}日[）)]$/;

/** What the joiner knows about the paragraph built so far. */
export interface ParaState {
  /** The paragraph text while it is short (≤ 40 characters), else undefined. */
  short?: string;
  /** The paragraph contains a full stop or semicolon (it is prose, not a title). */
  hasStop: boolean;
  /** The paragraph contains a comma (a title or a heading never does). */
  hasComma?: boolean;
}

/** Lines ending like this continue on the next line, whatever their width. */
const CONTINUES_END = /[，、（(《“‘—-]$/;

/**
 * Whether the break between the line `cur` (ending the paragraph built so far) and `next` is a real
 * paragraph break. `width`: the local full-line width in a hard-wrapped file.
 */
export function isRealBreak(
  cur: string,
  next: string,
  opts: JoinOptions,
  para: ParaState = { short: cur, hasStop: /[。；]/.test(cur) },
  width: () => number | undefined = () => opts.wrapWidth,
  curWidth = visualWidth(cur),
): boolean {
  const p = para.short;
  // "发文机关：… 发布" / "日期：2021-12-20" is one line of metadata.
  if (p?.startsWith('发文机关') && !/\d{4}-\d{1,2}-\d{1,2}/.test(p)) return false;
  // A 文号 cut into pieces is joined back before anything else is decided.
  if (p !== undefined) {
    if (DOCNO_HEAD_RE.test(p) && /^[\d〕）)号]/.test(next)) return false;
    if (DOCNO_FRAGMENT_RE.test(p) && !/号$/.test(p) && /^\d{0,4}号?$/.test(next)) return false;
    if (MANGLED_DOCNO_RE.test(p)) return true;
  }
  if (DOCNO_HEAD_RE.test(next)) return true;
  if (NUMBERED_START.test(next) || next[0] === '【') return true;
  // In a hard-wrapped file a full line ending in "；" continues the paragraph (the margin fell there).
  if (TERMINAL_END.test(cur) && !(opts.wrapWidth && /；$/.test(cur) && curWidth >= opts.wrapWidth - 1.5)) return true;
  if (isStandaloneLine(cur) || isStandaloneLine(next)) return true;
  if (isHeadingLine(cur, opts.wrapWidth, opts.loose)) return true;
  // A title ending in its date of issue: "1. 国务院印发…的通知（2023年6月1日）".
  if (!para.hasStop && TITLE_WITH_DATE_END.test(cur)) return true;
  if (!para.hasStop && !para.hasComma && ADDRESSEE_START_RE.test(next)) return true;
  if (opts.loose || CONTINUES_END.test(cur)) return false;
  // "业务收入从 2015" / "年的 4.28 万亿元…": a number is not the end of a paragraph.
  if (/\d$/.test(cur) && /^[年月日号%万亿元个家项条倍]/.test(next)) return false;
  const w = curWidth;
  if (opts.wrapWidth) {
    // The local width is never above the file's: only a line short by the file's measure needs it.
    if (w >= opts.wrapWidth - 2.5) return false;
    return w < (width() ?? opts.wrapWidth) - 2.5;
  }
  // One paragraph per line: a page break cuts a long line, or a prose line mid-sentence (it has
  // commas or full stops but does not end with one); a short line without them is a title or heading.
  return w < 45 && !/[，。；]/.test(cur);
}

/** A paragraph of the cleaned file with its range in the cleaned file text. */
export interface Paragraph {
  text: string;
  start: number;
  end: number;
}

/**
 * Join normalised, non-empty lines into paragraphs. `widths`: the printed width of each line, measured
 * on the raw line (the stray spaces around digits took room on the page). Joining never inserts a space between two CJK
 * characters; between two Latin/digit characters it inserts one.
 *
 * In a hard-wrapped file the full-line width is measured locally (the upper quartile of the widths
 * around a line, capped by the file's width): sections printed with narrower margins exist.
 */
export function joinLines(lines: string[], opts: JoinOptions, widths: number[] = lines.map(visualWidth)): string[] {
  const localWidth = (i: number): number | undefined => {
    if (!opts.wrapWidth) return undefined;
    const near: number[] = [];
    for (let k = Math.max(0, i - 8); k <= Math.min(lines.length - 1, i + 8); k++) if (widths[k] >= 8) near.push(widths[k]);
    if (near.length < 5) return opts.wrapWidth;
    near.sort((a, b) => a - b);
    return Math.min(opts.wrapWidth, Math.max(near[Math.floor(near.length * 0.75)], opts.wrapWidth * 0.7));
  };
  const out: string[] = [];
  let parts: string[] = [];
  let state: ParaState = { hasStop: false };
  let len = 0;
  let last = '';
  const flush = () => {
    if (parts.length) out.push(parts.join(''));
    parts = [];
    len = 0;
    state = { hasStop: false };
  };
  // A title: one to three lines without sentence punctuation right above a 文号 line. Seen from the
  // line before it, it must start a paragraph even when that line was cut short.
  const titleStartsAt = (i: number): boolean => {
    let width = 0;
    for (let k = i; k < Math.min(lines.length, i + 4); k++) {
      if (k > i && (parseDocNoLine(lines[k]) || /^第\d{1,4}号$/.test(lines[k]))) return true;
      if (/[，。；：]/.test(lines[k]) || NUMBERED_START.test(lines[k])) return false;
      width += widths[k];
      if (width > 100) return false;
    }
    return false;
  };
  let prevTitleStart = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Only the first line of such a title forces a break; its other lines follow the usual rules.
    const titleStart = titleStartsAt(i);
    if (parts.length && (isRealBreak(last, line, opts, state, () => localWidth(i - 1), widths[i - 1]) || (titleStart && !prevTitleStart))) flush();
    // "14." alone on a line is the number of the title that follows it (001's list of documents).
    prevTitleStart = titleStart || /^\d{1,3}[.．、]$/.test(line);
    if (parts.length && /[A-Za-z0-9]$/.test(last) && /^[A-Za-z0-9]/.test(line)) parts.push(' ');
    parts.push(line);
    len += line.length;
    state.hasStop ||= /[。；]/.test(line);
    state.hasComma ||= line.includes('，');
    state.short = len <= 40 ? parts.join('') : undefined;
    last = line;
  }
  flush();
  return out;
}
