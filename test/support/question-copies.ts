/**
 * The check both question files pass: no remembered question copies five characters in a row of its
 * article's text or title (compared without spaces, punctuation or symbols, after NFKC).
 */
import type { SyntheticLine } from '../../server/retrieval/question-source.js';

/** NFKC, without whitespace, punctuation or symbols. */
export const squash = (s: string) => s.normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');

/** `article: question` for every question sharing a five-character run with `textOf(article)` (already squashed). */
export function fiveCharacterCopies(lines: readonly SyntheticLine[], textOf: (article: string) => string | undefined): string[] {
  const copies: string[] = [];
  for (const l of lines) {
    const t = textOf(l.article) ?? '';
    for (const q of l.questions) {
      const s = squash(q);
      for (let i = 0; i + 5 <= s.length; i++) {
        if (t.includes(s.slice(i, i + 5))) {
          copies.push(`${l.article}: ${q}`);
          break;
        }
      }
    }
  }
  return copies;
}
