/**
 * A BM25 inverted index in typed arrays (compressed-sparse-row postings), built once, saved as one
 * binary file and loaded as views of it. k1 and b are query-time parameters (tuned on the dev set),
 * so changing them needs no rebuild.
 */
import { readBinaryFile, writeBinaryFile, BinaryFileError } from './binary-file.js';

export interface WeightedTerm {
  term: string;
  /** Multiplies the term's BM25 contribution (bigrams and expansions weigh less than words). */
  weight: number;
}

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export interface ScoredDoc {
  doc: number;
  score: number;
}

const FORMAT = 1;

/** Accumulates documents' tokens; `finish()` turns them into a LexicalIndex. */
export class LexicalIndexBuilder {
  private termIds = new Map<string, number>();
  private terms: string[] = [];
  private pTerm = new Uint32Array(1 << 16);
  private pDoc = new Uint32Array(1 << 16);
  private pTf = new Uint16Array(1 << 16);
  private nnz = 0;
  private docLens: number[] = [];

  /** Adds the next document (ids are 0, 1, 2, … in call order). */
  add(tokens: readonly string[]): number {
    const doc = this.docLens.length;
    const counts = new Map<number, number>();
    for (const t of tokens) {
      let id = this.termIds.get(t);
      if (id === undefined) {
        id = this.terms.length;
        this.terms.push(t);
        this.termIds.set(t, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (this.nnz + counts.size > this.pTerm.length) this.grow(this.nnz + counts.size);
    for (const [id, tf] of counts) {
      this.pTerm[this.nnz] = id;
      this.pDoc[this.nnz] = doc;
      this.pTf[this.nnz] = Math.min(tf, 65535);
      this.nnz++;
    }
    this.docLens.push(tokens.length);
    return doc;
  }

  private grow(min: number): void {
    let n = this.pTerm.length;
    while (n < min) n *= 2;
    const t = new Uint32Array(n);
    t.set(this.pTerm);
    this.pTerm = t;
    const d = new Uint32Array(n);
    d.set(this.pDoc);
    this.pDoc = d;
    const f = new Uint16Array(n);
    f.set(this.pTf);
    this.pTf = f;
  }

  finish(): LexicalIndex {
    const nTerms = this.terms.length;
    const offsets = new Uint32Array(nTerms + 1);
    for (let i = 0; i < this.nnz; i++) offsets[this.pTerm[i] + 1]++;
    for (let t = 0; t < nTerms; t++) offsets[t + 1] += offsets[t];
    const fill = offsets.slice(0, nTerms);
    const docs = new Uint32Array(this.nnz);
    const tfs = new Uint16Array(this.nnz);
    // Documents were added in order, so each term's postings come out sorted by document.
    for (let i = 0; i < this.nnz; i++) {
      const at = fill[this.pTerm[i]]++;
      docs[at] = this.pDoc[i];
      tfs[at] = this.pTf[i];
    }
    return new LexicalIndex(this.terms, offsets, docs, tfs, Uint32Array.from(this.docLens));
  }
}

export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  private readonly avgLen: number;
  private scores: Float32Array;
  private norms?: { params: Bm25Params; values: Float32Array };

  constructor(
    readonly terms: string[],
    private readonly offsets: Uint32Array,
    private readonly postDocs: Uint32Array,
    private readonly postTf: Uint16Array,
    readonly docLens: Uint32Array,
  ) {
    this.termIds = new Map(terms.map((t, i) => [t, i]));
    let sum = 0;
    for (const l of docLens) sum += l;
    this.avgLen = docLens.length ? sum / docLens.length : 1;
    this.scores = new Float32Array(docLens.length);
  }

  get size(): number {
    return this.docLens.length;
  }

  /** Number of documents containing the term (0 when unknown). */
  df(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  idf(term: string): number {
    const n = this.df(term);
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /** Term → (document, tf) pairs, for callers that need raw statistics (e.g. mining expansions). */
  postings(term: string): { docs: Uint32Array; tfs: Uint16Array } | undefined {
    const id = this.termIds.get(term);
    if (id === undefined) return undefined;
    const a = this.offsets[id];
    const b = this.offsets[id + 1];
    return { docs: this.postDocs.subarray(a, b), tfs: this.postTf.subarray(a, b) };
  }

  /** Per-document length normalisation k1·(1−b+b·len/avg), cached for the last parameters used. */
  private lengthNorms(p: Bm25Params): Float32Array {
    if (this.norms && this.norms.params.k1 === p.k1 && this.norms.params.b === p.b) return this.norms.values;
    const values = new Float32Array(this.size);
    for (let d = 0; d < this.size; d++) values[d] = p.k1 * (1 - p.b + (p.b * this.docLens[d]) / this.avgLen);
    this.norms = { params: { ...p }, values };
    return values;
  }

  /**
   * The k best documents for weighted query terms. `allow` restricts the candidates (metadata filters);
   * terms unknown to the index are ignored.
   */
  search(query: readonly WeightedTerm[], k: number, params: Bm25Params = DEFAULT_BM25, allow?: (doc: number) => boolean): ScoredDoc[] {
    const norms = this.lengthNorms(params);
    const scores = this.scores;
    const touched: number[] = [];
    const k1p1 = params.k1 + 1;
    for (const { term, weight } of query) {
      const id = this.termIds.get(term);
      if (id === undefined || weight === 0) continue;
      const a = this.offsets[id];
      const b = this.offsets[id + 1];
      const n = b - a;
      const w = weight * Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
      for (let i = a; i < b; i++) {
        const d = this.postDocs[i];
        const tf = this.postTf[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += (w * tf * k1p1) / (tf + norms[d]);
      }
    }
    const out = topK(touched, scores, k, allow);
    for (const d of touched) scores[d] = 0;
    return out;
  }

  /**
   * A new index with `docs` (token lists) appended as documents size, size + 1, …; this one is left as
   * it is (searches on it keep working while the new one is made). The postings are merged term by term
   * in one pass over the arrays: milliseconds for an upload into the bundled corpus, no re-tokenising.
   */
  appended(docs: readonly (readonly string[])[]): LexicalIndex {
    if (docs.length === 0) return this;
    const extra = new LexicalIndexBuilder();
    for (const tokens of docs) extra.add(tokens);
    const add = extra.finish();
    const terms = [...this.terms];
    const ids = new Map(this.termIds);
    for (const t of add.terms) if (!ids.has(t)) ids.set(t, terms.push(t) - 1);
    const counts = new Uint32Array(terms.length + 1);
    for (let t = 0; t < this.terms.length; t++) counts[t + 1] = this.offsets[t + 1] - this.offsets[t];
    add.terms.forEach((t, j) => {
      counts[ids.get(t)! + 1] += add.offsets[j + 1] - add.offsets[j];
    });
    for (let t = 0; t < terms.length; t++) counts[t + 1] += counts[t];
    const offsets = counts;
    const postDocs = new Uint32Array(offsets[terms.length]);
    const postTf = new Uint16Array(offsets[terms.length]);
    const fill = offsets.slice(0, terms.length);
    // Old postings first (their documents come first), then the new ones shifted past them.
    for (let t = 0; t < this.terms.length; t++) {
      const a = this.offsets[t];
      const b = this.offsets[t + 1];
      postDocs.set(this.postDocs.subarray(a, b), fill[t]);
      postTf.set(this.postTf.subarray(a, b), fill[t]);
      fill[t] += b - a;
    }
    const shift = this.size;
    add.terms.forEach((term, j) => {
      const t = ids.get(term)!;
      for (let i = add.offsets[j]; i < add.offsets[j + 1]; i++) {
        postDocs[fill[t]] = add.postDocs[i] + shift;
        postTf[fill[t]] = add.postTf[i];
        fill[t]++;
      }
    });
    const docLens = new Uint32Array(this.size + add.size);
    docLens.set(this.docLens);
    docLens.set(add.docLens, this.size);
    return new LexicalIndex(terms, offsets, postDocs, postTf, docLens);
  }

  save(file: string): void {
    const termBytes = new Uint8Array(Buffer.from(this.terms.join('\n'), 'utf8'));
    writeBinaryFile(
      file,
      { format: FORMAT, kind: 'lexical', docs: this.size, terms: this.terms.length },
      { offsets: this.offsets, postDocs: this.postDocs, postTf: this.postTf, docLens: this.docLens, terms: termBytes },
    );
  }

  static load(file: string): LexicalIndex {
    const { meta, arrays } = readBinaryFile(file);
    const m = meta as { format?: number; kind?: string; docs?: number; terms?: number };
    if (m?.kind !== 'lexical' || m.format !== FORMAT) throw new BinaryFileError(`${file} is not a lexical index of format ${FORMAT}`);
    const { offsets, postDocs, postTf, docLens, terms } = arrays as {
      offsets: Uint32Array;
      postDocs: Uint32Array;
      postTf: Uint16Array;
      docLens: Uint32Array;
      terms: Uint8Array;
    };
    const termList = m.terms === 0 ? [] : Buffer.from(terms.buffer, terms.byteOffset, terms.byteLength).toString('utf8').split('\n');
    if (
      termList.length !== m.terms ||
      offsets.length !== termList.length + 1 ||
      docLens.length !== m.docs ||
      offsets[offsets.length - 1] !== postDocs.length ||
      postTf.length !== postDocs.length
    ) {
      throw new BinaryFileError(`${file} is inconsistent (counts do not match)`);
    }
    return new LexicalIndex(termList, offsets, postDocs, postTf, docLens);
  }
}

/** The k highest-scoring of `candidates` (ties broken by lower id, so results are deterministic). */
export function topK(candidates: readonly number[], scores: ArrayLike<number>, k: number, allow?: (i: number) => boolean): ScoredDoc[] {
  // A small binary min-heap on (score, -id); k is at most a few hundred.
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  for (const c of candidates) {
    if (allow && !allow(c)) continue;
    if (heap.length < k) {
      heap.push(c);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i], heap[p])) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (k > 0 && worse(heap[0], c)) {
      heap[0] = c;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(heap[l], heap[m])) m = l;
        if (r < heap.length && worse(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((doc) => ({ doc, score: scores[doc] }));
}
