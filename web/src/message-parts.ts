/** Reads what an assistant message carries out of its UI message parts. */
import type { AnswerInfo, Citation, CewenMessage } from './types';

export interface AnswerView {
  text: string;
  citations: Citation[];
  /** The standalone question, when the server rewrote a follow-up. */
  question?: string;
  /** The question in policy words, as searched, when the server's LLM rewrote it. */
  search?: string;
  /** Present once the answer has finished on the server. */
  answer?: AnswerInfo;
}

export function textOf(message: CewenMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function answerView(message: CewenMessage): AnswerView {
  let citations: Citation[] = [];
  let question: string | undefined;
  let search: string | undefined;
  let answer: AnswerInfo | undefined;
  const sources: Citation[] = [];
  for (const part of message.parts) {
    if (part.type === 'data-citations') citations = part.data as Citation[];
    else if (part.type === 'data-question') question = (part.data as { question: string }).question;
    else if (part.type === 'data-search') search = (part.data as { query: string }).query;
    else if (part.type === 'data-answer') answer = part.data as AnswerInfo;
    else if (part.type === 'source-document') {
      // Only a fallback: the citations part carries the same chunks with their documents.
      sources.push({
        n: sources.length + 1,
        chunkId: part.sourceId,
        quote: '',
        article: '',
        doc: { id: '', title: part.title, file: '' },
      });
    }
  }
  return { text: textOf(message), citations: citations.length > 0 ? citations : sources, question, search, answer };
}

/** Citations in [n] order, one entry per n. */
export function citationList(citations: Citation[]): Citation[] {
  const byN = new Map<number, Citation>();
  for (const c of citations) if (!byN.has(c.n)) byN.set(c.n, c);
  return [...byN.values()].sort((a, b) => a.n - b.n);
}

/**
 * An article label as a reader writes it after a title: 第八条 as is; the item numbers of notices
 * and opinions keep their own punctuation (二 → 二、, 3 → 3.), the preamble adds nothing.
 */
export function articleLabel(label: string): string {
  const l = label.trim();
  if (!l || l === '正文') return '';
  if (/^[一二三四五六七八九十百零〇]+$/.test(l)) return `${l}、`;
  if (/^\d+$/.test(l)) return `${l}.`;
  return l;
}

/** 《标题》第八条 · 《标题》 二、 */
export function citationLabel(c: Citation): string {
  const t = c.doc.title.trim();
  const title = !t || t.startsWith('《') ? t : `《${t}》`;
  const art = articleLabel(c.article);
  if (!art) return title || '引用来源';
  return art.startsWith('第') || !title ? `${title}${art}` : `${title} ${art}`;
}
