/**
 * Sentence splitting for Chinese policy text and for answers that carry [n] markers.
 * A sentence ends at 。！？!? (and ； where asked), or at a line break; closing quotes and
 * citation markers right after the end belong to the sentence they close.
 */

export interface Span {
  text: string;
  start: number;
  end: number;
}

/** [1] [1][2] [1,2] [1、2] 【1】 ［1］ [^1] — the forms models actually write. */
export const MARKER = /[[［【]\s*\^?\s*(\d{1,3}(?:\s*[,，、]\s*\^?\s*\d{1,3})*)\s*[\]］】]/g;
/** A marker still being written at the end of a stream. */
/**
 * MARKER anchored where lastIndex says (sticky), for extendEnd. A separate object: the global MARKER's
 * lastIndex is read by matchAll, so moving it here made a later parseMarkers skip the markers before it.
 */
const MARKER_AT = new RegExp(MARKER.source, 'y');
const PARTIAL_MARKER = /[[［【][\s\d,，、^]*$/;
const CLOSERS = '”’"\'」』）)》';

function isTerminator(ch: string, semicolons: boolean): boolean {
  return ch === '。' || ch === '！' || ch === '？' || ch === '!' || ch === '?' || ch === '\n' || (semicolons && (ch === '；' || ch === ';'));
}

function isSemicolon(ch: string): boolean {
  return ch === '；' || ch === ';';
}

/** Index just past a sentence's end at `i` (a terminator): closers, markers, spaces that follow it. */
function extendEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    while (j < text.length && (CLOSERS.includes(text[j]) || text[j] === ' ' || text[j] === '\t')) j++;
    MARKER_AT.lastIndex = j;
    const m = MARKER_AT.exec(text);
    if (m) {
      j += m[0].length;
      continue;
    }
    break;
  }
  // Line breaks after the end belong to this sentence: they say a paragraph ends here.
  while (j < text.length && /\s/.test(text[j])) j++;
  return j;
}

export function splitSentences(text: string, opts: { semicolons?: boolean } = {}): Span[] {
  const semicolons = opts.semicolons ?? false;
  const out: Span[] = [];
  let start = 0;
  const push = (s: number, e: number): void => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b > a) out.push({ text: text.slice(a, b), start: a, end: b });
  };
  for (let i = 0; i < text.length; i++) {
    if (!isTerminator(text[i], semicolons)) continue;
    // Runs such as "？！" or "。\n" end one sentence, not two.
    let k = i;
    while (k + 1 < text.length && isTerminator(text[k + 1], semicolons)) k++;
    const end = extendEnd(text, k);
    push(start, end);
    start = end;
    i = end - 1;
  }
  push(start, text.length);
  return out;
}

/** The numbers cited in a piece of text, in order, de-duplicated. */
export function parseMarkers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER)) {
    for (const n of m[1].split(/[,，、^\s]+/).filter(Boolean)) {
      const v = Number(n);
      if (!out.includes(v)) out.push(v);
    }
  }
  return out;
}

export function removeMarkers(text: string): string {
  return text.replace(MARKER, '');
}

/**
 * Cuts a growing stream of text into finished sentences. A sentence is finished only once something
 * other than its trailing markers follows it, so that "…。[1][2]" is never cut between the markers.
 */
export class SentenceStream {
  private buf = '';

  constructor(private readonly semicolons = true) {}

  push(delta: string): string[] {
    this.buf += delta;
    const out: string[] = [];
    for (;;) {
      let cut = -1;
      for (let i = 0; i < this.buf.length; i++) {
        if (!isTerminator(this.buf[i], this.semicolons)) continue;
        let k = i;
        while (k + 1 < this.buf.length && isTerminator(this.buf[k + 1], this.semicolons)) k++;
        const end = extendEnd(this.buf, k);
        const rest = this.buf.slice(end);
        // Wait while the tail could still grow into a marker or another terminator of this sentence.
        if (rest.length === 0 || PARTIAL_MARKER.test(rest) || /^[\s]*$/.test(rest)) break;
        // A clause ended by ； with no marker of its own is cited by the marker at its sentence's end
        // ("A；B。[1]" cites both): cut there and A, unmarked, would be removed as unsupported.
        if (isSemicolon(this.buf[k]) && !/[[［【]/.test(this.buf.slice(k + 1, end))) {
          i = k;
          continue;
        }
        cut = end;
        break;
      }
      if (cut < 0) break;
      const sentence = this.buf.slice(0, cut);
      this.buf = this.buf.slice(cut);
      if (sentence.trim()) out.push(sentence);
    }
    return out;
  }

  /** Whatever is left when the stream ends is the last sentence. */
  end(): string[] {
    const rest = this.buf;
    this.buf = '';
    return rest.trim() ? [rest] : [];
  }
}
