/**
 * When to say "资料库中未找到…" instead of answering. Retrieval always returns something, so the
 * question is whether the best chunks are about the question at all. Confidence is the idf-weighted
 * share of the question's key terms that the best of the top chunks (with its title and article label)
 * contains: a question about something the corpus never mentions leaves its rarest terms uncovered.
 * The threshold is calibrated on eval/sets/dev.jsonl (see docs/answers.md and eval/answer-figures.ts).
 */
import type { SearchHit, DocSummary } from '../types.js';
import { docSummary } from './citations.js';
import { supportContext } from './support.js';
import { coverage, keyTerms, type TermStats } from './terms.js';

export const REFUSAL_THRESHOLD = 0.5;
/** How many of the top hits may carry the answer. */
const CONFIDENCE_DEPTH = 5;

export interface Confidence {
  score: number;
  /** Index of the hit that covers the question best. */
  best: number;
  missing: string[];
}

export function retrievalConfidence(question: string, hits: SearchHit[], stats: TermStats): Confidence {
  const terms = keyTerms(question, { question: true });
  if (hits.length === 0 || terms.words.length + terms.bigrams.length === 0) return { score: 0, best: -1, missing: terms.words };
  let best = -1;
  let bestCov = { score: -1, found: [] as string[], missing: [] as string[] };
  hits.slice(0, CONFIDENCE_DEPTH).forEach((h, i) => {
    const c = coverage(terms, supportContext(h), stats);
    if (c.score > bestCov.score) {
      bestCov = c;
      best = i;
    }
  });
  return { score: bestCov.score, best, missing: bestCov.missing };
}

/** Distinct documents of the top hits, in rank order. */
export function closestDocuments(hits: SearchHit[], n = 3): DocSummary[] {
  const out: DocSummary[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    if (seen.has(h.doc.id)) continue;
    seen.add(h.doc.id);
    out.push(docSummary(h.doc));
    if (out.length >= n) break;
  }
  return out;
}

export function refusalText(closest: DocSummary[]): string {
  const head = '资料库中未找到能够回答该问题的规定。';
  if (closest.length === 0) return head;
  const list = closest
    .map((d) => {
      const meta = [d.docNo, d.date].filter(Boolean).join('，');
      return `《${d.title}》${meta ? `（${meta}）` : ''}`;
    })
    .join('、');
  return `${head}内容最接近的文件是：${list}，可供参考。`;
}

/** A model that says the sources do not answer, in any of the usual ways. */
export function isRefusalSentence(text: string): boolean {
  return /资料库中未找到|未找到(相关|能够回答|可以回答)|(资料|来源|材料|文件)(中)?(并)?(未|没有)(提及|涉及|规定|包含|说明)|无法(根据|从).{0,12}(回答|确定)|不能回答/.test(text);
}
