/**
 * The offline answer model: the answer is made of the retrieved articles' own sentences.
 * Each sentence of the top chunks is scored by the idf-weighted share of the question's key terms it
 * holds (and, a little, its whole article holds), discounted by the chunk's rank; the best 2–5 are kept,
 * near-duplicates removed, put back in source and reading order, and each group is introduced by its
 * source (《标题》第X条：) with [n] after every sentence. It cannot say what the corpus does not say.
 */
import { findDocNumbers, parseDocNumber, sameDocNumber } from '../../embeddings/text/doc-number.js';
import { normalizeForMatching } from '../../embeddings/text/normalize.js';
import { SHORT_TITLE_CHARS, shortTitle } from '../../embeddings/text/titles.js';
import { analyzed, type AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { fitsKind } from '../../embeddings/text/question-kind.js';
import { alternativesOf } from '../../embeddings/text/lexicon/lexicon.js';
import { splitSentences } from './sentences.js';
import { supportContext } from './support.js';
import { coverage, type TermStats } from '../../embeddings/text/terms.js';
import type { AnswerModel, GivenSource, ModelInput } from './types.js';

/** The direct answer and at most two supporting points: a reader wants the rate or the deadline, not the article. */
const MAX_SENTENCES = 3;
const MIN_SENTENCES = 2;
/**
 * The first retrieved source leads when its best sentence scores at least this share of the best sentence.
 * 0.2–0.6 all took confident answers wrong on everyday-dev.jsonl from 0.194 to 0.097 (evidence shown 0.821 →
 * 0.840); 0.3 and below also on dev.jsonl, 0.048 → 0.032, and on dev-paraphrase.jsonl, 0.188 → 0.125.
 */
const TOP_SOURCE_SHARE = 0.3;
/** A source in force leads instead of an expired one when its best sentence scores at least this share of the best… */
const CURRENT_SHARE = 0.75;
/**
 * …and holds this share of the expired sentence's bigrams. Without it, 小微企业所得税有什么优惠？ led with a
 * plan that mentions 执行好中小微企业税费优惠政策 in passing instead of the expired notice's rate.
 */
const SAME_POINT = 0.5;
/** A lead sentence at least this long stands alone (its neighbour is not added). */
const SELF_CONTAINED = 60;
/**
 * Lines that address, announce or sign a document and answer nothing: the addressee line (各省、自治区…：),
 * 现将有关事项公告如下, 特此公告, attachment and contact lines, an issuer-and-date signature block.
 */
const BOILERPLATE = [
  /^(各省|各自治区|各直辖市|各计划单列市|各市|各县|各区|各有关|国务院各部委|新疆生产建设兵团|各级|各银保监|各地)[^。]*[：:]$/,
  /现(将|就)[^。]{0,16}(公告|通知|通报|规定|明确)如下/,
  /^特此(公告|通知|函复|批复)/,
  /^(附件|抄送|联系人|联系电话|主题词|印发)[:：\d]/,
  /^[㐀-鿿、\s]{2,60}[〇零一二三四五六七八九\d]{4}年[〇零一二三四五六七八九十\d]{1,2}月[〇零一二三四五六七八九十\d]{1,3}日$/,
];

/**
 * A list's catch-all item (（六）法律、行政法规规定的其他情形。) completes the list it closes; quoted on its
 * own it answers nothing, and it led three answers on everyday-dev.jsonl.
 */
const CATCH_ALL = /^(（[一二三四五六七八九十\d]+）|[（(]\d+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)?[^。；]{0,24}规定的?[^。；]{0,8}其他(情形|事项|情况|行为|条件|材料|内容)[。；]?$/;

export function isCatchAll(sentence: string): boolean {
  return CATCH_ALL.test(sentence);
}

export function isBoilerplate(sentence: string): boolean {
  return BOILERPLATE.some((re) => re.test(sentence));
}
/** Sentences scoring below this share of the best one add noise, not answer. */
const RELATIVE_CUTOFF = 0.6;
const ABSOLUTE_CUTOFF = 0.15;
/** Rank discount: the first chunk is the retriever's best guess, later ones need a clearly better sentence. */
const RANK_DISCOUNT = 0.04;
/** Share of a sentence's score that comes from its whole article (title, label, other sentences). */
const CONTEXT_WEIGHT = 0.3;
const LONG_SENTENCE = 160;
/** Added to the sentences of a document the question names by its 文号, or an article it names by number. */
const NAMED_DOC_BOOST = 0.5;
/** Factor for a sentence of the kind the question asks for (a figure for 多少, a body for 谁, a list for 哪些). */
const KIND_BOOST = 1.25;
/** Most sentences quoted from one source: the answer's other slots go to other sources that agree. */
const MAX_PER_SOURCE = 3;
/** Other sources quoted by the same (near-identical) sentence are cited with it, up to this many in all. */
const MAX_CITES = 3;

export interface Candidate {
  src: GivenSource;
  /** Other sources holding the same sentence (a provision repeated by its 实施办法): cited with it. */
  also: GivenSource[];
  rank: number;
  start: number;
  text: string;
  score: number;
}

/** PDF-extracted text keeps line breaks and spaces inside sentences; a reader wants neither. */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])\s+|\s+(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])/g, '')
    .trim();
}

const ARTICLE_LABEL = /^第[一二三四五六七八九十百千零〇\d]+条\s*/;

/** The answer names the article before its sentences; the article's own number at their start would repeat it. */
function stripLeadingLabel(text: string, label: string): string {
  const t = text.replace(ARTICLE_LABEL, '');
  if (!label || label === '正文') return t;
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return t.replace(new RegExp(`^${esc}[、.．]?\\s*`), '');
}

/** Longest list kept with its lead-in ("下列情形：" and its items) as one extract. */
const MAX_LIST = 600;
const LIST_ITEM = /^(（[一二三四五六七八九十]+）|[（(]\d+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)/;

/** A line this short is a heading or a label, not a wrapped line of running text. */
const SHORT_LINE = 15;

/**
 * PDF text breaks lines inside sentences ("…服务窗\n口提交…"), and a line break ends a sentence: join a
 * line to the next when it ends without punctuation and is not a short heading, unless the next line
 * starts a list item or an article. A space keeps the offsets; tidy() removes it between Chinese characters.
 */
export function unwrapLines(text: string): string {
  return text.replace(/\n/g, (nl, at: number) => {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const line = text.slice(lineStart, at).trim();
    const next = text.slice(at + 1).trimStart();
    // A ratio broken after its colon ("按6：\n4比例共担") is one sentence.
    if (/\d[：:]$/.test(line) && /^\d/.test(next)) return ' ';
    if (line.length < SHORT_LINE || /[。！？!?；;：:）)]$/.test(line)) return nl;
    if (LIST_ITEM.test(next) || /^第[一二三四五六七八九十百零〇\d]+[条章节]/.test(next)) return nl;
    return ' ';
  });
}

interface SourceSentence {
  text: string;
  start: number;
  leadIn: boolean;
  /** A lead-in joined with its items: the parts, so a long list can be quoted by the items asked about. */
  list?: { lead: string; items: string[] };
}

/**
 * A preamble sentence without the document's own title and 文号 at its start (关于减半征收证券交易印花税的公告财政部
 * 税务总局公告2023年第39号为活跃资本市场…): the line already names the document, and the quote's few characters
 * should go to what it says.
 */
export function withoutOwnName(text: string, src: GivenSource): string {
  let rest = text.replace(/^\s+/, '');
  for (const name of [src.doc.title, src.doc.docNo]) {
    if (!name) continue;
    const at = prefixLength(rest, name);
    if (at > 0) rest = rest.slice(at).replace(/^\s+/, '');
  }
  return rest;
}

/** How many characters of `text` spell `name` at its start, whitespace ignored; 0 when it does not start with it. */
function prefixLength(text: string, name: string): number {
  const want = name.replace(/\s+/g, '');
  let i = 0;
  let j = 0;
  while (i < text.length && j < want.length) {
    if (/\s/.test(text[i])) i++;
    else if (text[i] === want[j]) {
      i++;
      j++;
    } else return 0;
  }
  return j === want.length ? i : 0;
}

function sentencesOf(src: GivenSource): SourceSentence[] {
  const out: SourceSentence[] = [];
  const sentences = splitSentences(unwrapLines(src.chunk.text));
  sentences.forEach((s, si) => {
    // A long sentence is usually a list joined by ；: cut it there so the answer can take the items it needs.
    const pieces = s.text.length > LONG_SENTENCE ? splitSentences(s.text, { semicolons: true }) : [{ text: s.text, start: 0, end: s.text.length }];
    for (const p of pieces) {
      const text = stripLeadingLabel(tidy(p.text), src.chunk.label);
      const cjk = text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
      // Headings (一、总体要求) and page furniture are not answers.
      const isHeading = !/[。！？；;：:]$/.test(text) && text.length <= 20;
      // The chunk's last sentence cut off by the chunk's end is a fragment, not a sentence.
      const cutOff = si === sentences.length - 1 && !/[。！？!?；;：:”’」』）)]$/.test(text) && cjk > 20;
      // A document's own title on a line of its own (a preamble's first line, often wrapped) names, it does not answer.
      const ownName = !/[。！？；;]$/.test(text) && (withoutOwnName(text, src).match(/[\u3400-\u9fff]/g)?.length ?? 0) < 4;
      if (cjk < 4 || isHeading || cutOff || ownName || isBoilerplate(text)) continue;
      out.push({ text, start: s.start + p.start, leadIn: /[：:]$/.test(text) });
    }
  });
  // A lead-in ("企业名称不得有下列情形：") answers nothing without its items: keep them together.
  for (let i = 0; i < out.length; i++) {
    if (!out[i].leadIn) continue;
    let j = i + 1;
    let text = out[i].text;
    while (j < out.length && LIST_ITEM.test(out[j].text) && text.length + out[j].text.length <= MAX_LIST) text += out[j++].text;
    if (j > i + 1) {
      const list = { lead: out[i].text, items: out.slice(i + 1, j).map((s) => s.text) };
      out.splice(i, j - i, { text, start: out[i].start, leadIn: false, list });
    }
  }
  // Only now: inside its list (joined above) a catch-all item stays.
  return out.filter((s) => !isCatchAll(s.text));
}

function bigramSet(text: string): Set<string> {
  const n = normalizeForMatching(text);
  const out = new Set<string>();
  for (let i = 0; i + 1 < n.length; i++) out.add(n.slice(i, i + 2));
  return out;
}

function sharedCount(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  let inter = 0;
  for (const g of x) if (y.has(g)) inter++;
  return inter;
}

function nearDuplicate(a: string, b: string): boolean {
  const x = bigramSet(a);
  const y = bigramSet(b);
  return sharedCount(x, y) / Math.max(1, Math.min(x.size, y.size)) >= 0.8;
}

/** Puts `c` first: moved up when already picked, otherwise in place of the last when the answer is full. */
function leadWith(picked: Candidate[], c: Candidate): void {
  const at = picked.indexOf(c);
  if (at >= 0) picked.splice(at, 1);
  else if (picked.length >= MAX_SENTENCES) picked.pop();
  picked.unshift(c);
}

/**
 * A document as the answer text names it: by the name official writing cites it by (《社会保险经办条例》,
 * 《关于延续实施失业保险援企稳岗政策的通知》), or by its 文号 when that name is still long (国发〔2021〕7号).
 * The citation under the answer gives the full title. Full titles made up 103 of the 280 characters of a
 * median closest answer on everyday-dev.jsonl (docs/design.md).
 */
export function documentName(doc: GivenSource['doc']): string {
  const name = shortTitle(doc.title);
  if (name.length > SHORT_TITLE_CHARS && doc.docNo && doc.docNo.length < name.length) return doc.docNo;
  return `《${name}》`;
}

/** The source as the answer names it: 《标题》第八条 (the preamble has no label). */
export function sourceLabel(src: GivenSource): string {
  const label = src.chunk.label && src.chunk.label !== '正文' ? src.chunk.label : '';
  return `${documentName(src.doc)}${label}`;
}

/** How the answer introduces a source's sentences: 《标题》第八条：, 《标题》二、, 《标题》（六）, 《标题》： */
export function sourcePrefix(src: GivenSource): string {
  return withLabelMark(sourceLabel(src), src.chunk.label);
}

/** A later article of a document already named: 第八条：, 二、, （六） */
export function labelPrefix(src: GivenSource): string {
  return withLabelMark(src.chunk.label, src.chunk.label);
}

function withLabelMark(text: string, label: string): string {
  if (/^[一二三四五六七八九十百]+$/.test(label)) return `${text}、`;
  // An item numbered 1. or 2、 is marked by its own point.
  if (/[.．、]$/.test(label)) return text;
  if (/^[（(].+[)）]$/.test(label)) return text;
  return `${text}：`;
}

/** The named-document test of a question: does it name this source's document by 文号? */
function namedByDocNumber(question: string): (src: GivenSource) => boolean {
  const named = findDocNumbers(question);
  return (src) => {
    if (named.length === 0) return false;
    const d = src.doc.docNo ? parseDocNumber(src.doc.docNo) : undefined;
    return !!d && named.some((n) => sameDocNumber(n, d));
  };
}

/** Every sentence of the sources, scored for how well it answers the question (the module comment says how). */
export function scoreSentences(asked: string | AnalyzedQuestion, sources: GivenSource[], stats: TermStats): Candidate[] {
  const analysis = analyzed(asked);
  const question = analysis.raw;
  const q = analysis.terms;
  const alt = alternativesOf(q);
  const kinds = analysis.kinds;
  const unit = analysis.unit;
  // "国发〔2023〕11号是什么文件": the document the question names by 文号 answers with its opening.
  const isNamed = namedByDocNumber(question);
  // "…办法第8条规定了什么": the article the question names by number answers it.
  const articles = new Set([...normalizeForMatching(question).matchAll(/第[一二三四五六七八九十百零〇]+条/g)].map((m) => m[0]));
  const all: Candidate[] = [];
  sources.forEach((src, rank) => {
    const ctx = coverage(q, supportContext(src), stats, alt).score;
    // An article number alone is common to every regulation: weigh it by how well the rest matches.
    const boost = isNamed(src) ? NAMED_DOC_BOOST : articles.has(src.chunk.label) ? NAMED_DOC_BOOST * ctx : 0;
    sentencesOf(src).forEach((s, i) => {
      const own = coverage(q, normalizeForMatching(s.text), stats, alt).score;
      let score = ((1 - CONTEXT_WEIGHT) * own + CONTEXT_WEIGHT * ctx) * (1 - RANK_DISCOUNT * rank);
      if (kinds.some((k) => fitsKind(k, s.text, unit))) score *= KIND_BOOST;
      if (boost) score += boost - 0.02 * i;
      // A lead-in left without its items ("现就有关问题公告如下：") introduces an answer, it is not one.
      if (s.leadIn) score *= 0.5;
      let text = s.text;
      if (s.list && s.text.length > LONG_LIST) {
        // An item is chosen for what it adds to its lead-in: 公司 and 法人 in every item of a list about 法定代表人 say nothing.
        const lead = normalizeForMatching(s.list.lead);
        const own = { words: q.words.filter((w) => !lead.includes(w)), bigrams: q.bigrams.filter((b) => !lead.includes(b)) };
        text = listExcerpt(s.list, (item) => coverage(own, normalizeForMatching(item), stats, alt).score);
      }
      all.push({ src, also: [], rank, start: s.start, text, score });
    });
  });
  return all;
}

/** A list longer than this is quoted by its lead-in and the items the question is about. */
const LONG_LIST = 120;
/** Items quoted from a long list. */
const LIST_ITEMS_QUOTED = 2;

/**
 * 有下列情形之一的，不得担任法定代表人：……（五）个人所负数额较大的债务到期未清偿；…… — the lead-in says what
 * the list is about, the best-matching items answer; …… marks each gap, so the quote never reads as the
 * whole list. With no item matching the question, the whole list is kept (nothing says which item matters).
 */
function listExcerpt(list: { lead: string; items: string[] }, score: (item: string) => number): string {
  const scored = list.items.map((item, i) => ({ i, s: score(item) }));
  const chosen = new Set(
    scored
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, LIST_ITEMS_QUOTED)
      .map((x) => x.i),
  );
  if (chosen.size === 0) return list.lead + list.items.join('');
  let out = list.lead;
  let gap = false;
  list.items.forEach((item, i) => {
    if (!chosen.has(i)) {
      gap = true;
      return;
    }
    out += (gap ? '……' : '') + item;
    gap = false;
  });
  return gap ? `${out}……` : out;
}

/** `asked` is read through its analysis (made here when only the text is given). */
export function selectSentences(asked: string | AnalyzedQuestion, sources: GivenSource[], stats: TermStats): Candidate[] {
  const question = analyzed(asked).raw;
  const named = findDocNumbers(question);
  const isNamed = namedByDocNumber(question);
  const all = scoreSentences(asked, sources, stats);
  if (all.length === 0) return [];
  const ranked = [...all].sort((a, b) => b.score - a.score || a.rank - b.rank || a.start - b.start);
  const top = ranked[0].score;
  const picked: Candidate[] = [];
  for (const c of ranked) {
    if (picked.length >= MAX_SENTENCES) break;
    if (c.score < Math.max(ABSOLUTE_CUTOFF, RELATIVE_CUTOFF * top)) break;
    const dup = picked.find((p) => nearDuplicate(p.text, c.text));
    if (dup) {
      // The same provision in another source (a 规定 and its 实施办法): one sentence, both cited.
      if (c.src !== dup.src && !dup.also.includes(c.src) && dup.also.length + 1 < MAX_CITES) dup.also.push(c.src);
      continue;
    }
    if (picked.filter((p) => p.src === c.src).length >= MAX_PER_SOURCE) continue;
    picked.push(c);
  }
  // Every document the question names by 文号 is quoted ("国发〔2023〕11号和国办发〔2023〕11号是一个吗"),
  // even when the other one matches more of the question's words.
  if (named.length > 1) {
    for (const src of sources.filter(isNamed)) {
      if (picked.some((p) => p.src.doc.id === src.doc.id)) continue;
      const best = ranked.find((c) => c.src === src);
      if (!best) continue;
      if (picked.length >= MAX_SENTENCES) picked.pop();
      picked.push(best);
    }
  }
  // One sentence rarely answers a policy question on its own: add its neighbour in the same article.
  if (picked.length > 0 && picked.length < MIN_SENTENCES && picked[0].text.length < SELF_CONTAINED) {
    const first = picked[0];
    const same = all.filter((c) => c.src === first.src).sort((a, b) => a.start - b.start);
    const i = same.indexOf(first);
    const next = same[i + 1] ?? same[i - 1];
    if (next && !nearDuplicate(next.text, first.text)) picked.push(next);
  }
  // The retriever's first source leads when its best sentence says enough: the ranking weighs what the
  // sentence score cannot (the everyday questions remembered for that article, its title, the 文号), and
  // a sentence of another article that shares more of the question's words was most wrong answers.
  if (picked[0] && picked[0].rank > 0) {
    const first = ranked.find((c) => c.rank === 0);
    if (first && first.score >= TOP_SOURCE_SHARE * top) leadWith(picked, first);
  }
  // A rule no longer in force does not lead when one in force says nearly as much: the current rule
  // leads and the old one follows as history.
  if (picked[0]?.src.historical) {
    // …and says the same thing: most of the expired sentence's bigrams (the rate, the base, the subject) are in it.
    const old = bigramSet(picked[0].text);
    const samePoint = (c: Candidate): boolean => sharedCount(old, bigramSet(c.text)) / Math.max(1, old.size) >= SAME_POINT;
    const current = ranked.find((c) => !c.src.historical && c.score >= CURRENT_SHARE * top && samePoint(c));
    if (current) leadWith(picked, current);
  }
  // The best sentence leads (the direct answer); the others follow by source, in order of each source's
  // best sentence, and in reading order within a source.
  const [lead, ...rest] = picked;
  if (!lead) return [];
  const best = new Map<GivenSource, number>();
  for (const c of rest) best.set(c.src, Math.max(best.get(c.src) ?? 0, c.score));
  best.set(lead.src, Infinity);
  return [lead, ...rest.sort((a, b) => best.get(b.src)! - best.get(a.src)! || a.rank - b.rank || a.start - b.start)];
}

export function extractiveAnswer(question: string | AnalyzedQuestion, sources: GivenSource[], stats: TermStats): string[] {
  const picked = selectSentences(question, sources, stats);
  return picked.map((c, i) => {
    const prev = picked[i - 1]?.src;
    // The title once per document: a later article of the same document is introduced by its label alone.
    const prefix = prev === c.src ? '' : prev?.doc.id === c.src.doc.id && c.src.chunk.label && c.src.chunk.label !== '正文' ? labelPrefix(c.src) : sourcePrefix(c.src);
    const groupEnds = i + 1 < picked.length && picked[i + 1].src !== c.src;
    const marks = [c.src, ...c.also].map((s) => `[${s.n}]`).join('');
    return `${prefix}${c.text}${marks}${groupEnds ? '\n' : ''}`;
  });
}

export function createExtractiveModel(getStats: () => Promise<TermStats>): AnswerModel {
  return {
    name: 'extractive',
    async *generate(input: ModelInput, signal?: AbortSignal) {
      const stats = await getStats();
      for (const piece of extractiveAnswer(input.analysis ?? input.question, input.sources, stats)) {
        signal?.throwIfAborted();
        yield piece;
      }
    },
  };
}
