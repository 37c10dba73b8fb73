/**
 * Labelled questions: past questions with the articles that answer them, as a reviewer confirmed
 * (docs/learned-ranking.md). One JSON object per line:
 *
 *   {"question": "夫妻一方经营个体工商户所欠债务，谁偿还？", "articles": ["中华人民共和国民法典第五十六条"]}
 *
 * An entry of `articles` names an article the way it is cited: the document's title followed by the
 * article label (《》 brackets, spaces, 第56条 for 第五十六条 and a national law's title without
 * 中华人民共和国 are accepted), or the id of
 * an article or chunk as the API returns it (`docId:3`, `docId:3:0`). Names are resolved against the
 * index being served; a line whose articles all fail to resolve is reported and skipped, and so is a
 * line that is not valid — the rest is used.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compactText } from '../../../embeddings/text/normalize.js';
import { articleLabel, articleNumbers } from '../../../embeddings/text/numerals.js';
import { citedTitleKey } from '../../../embeddings/text/titles.js';
import type { LoadedIndex } from '../../../embeddings/index-store.js';

export interface LabelledQuestion {
  /** 1-based line number in the file: stable, and what problems are reported by. */
  key: number;
  question: string;
  /** Article ids (`Chunk.articleId`). */
  answers: string[];
}

export interface LabelsFile {
  items: LabelledQuestion[];
  /** `file:line: message`, one per skipped line or unresolved article name. */
  problems: string[];
  /** Of the resolved questions and articles, so a fitted ranking knows which labels it learned from. */
  hash: string;
}

/** What the index knows about an article: its document (law) title, label and chunks, in order. */
export interface ArticleEntry {
  id: string;
  title: string;
  label: string;
  chunks: number[];
}

/** Articles of an index by id, and by normalised title + label for resolving names. */
export class ArticleTable {
  readonly byId = new Map<string, ArticleEntry>();
  private readonly byName = new Map<string, ArticleEntry[]>();
  /** Normalised titles, longest first, so 中华人民共和国民法典 wins over a shorter title that prefixes it. */
  private readonly titles: string[];

  constructor(index: Pick<LoadedIndex, 'chunks' | 'documents' | 'chunkDoc'>) {
    index.chunks.forEach((chunk, i) => {
      let entry = this.byId.get(chunk.articleId);
      if (!entry) {
        entry = { id: chunk.articleId, title: index.documents[index.chunkDoc[i]].title, label: chunk.label, chunks: [] };
        this.byId.set(chunk.articleId, entry);
        const key = citedTitleKey(entry.title) + normaliseLabel(entry.label);
        const same = this.byName.get(key);
        if (same) same.push(entry);
        else this.byName.set(key, [entry]);
      }
      entry.chunks.push(i);
    });
    this.titles = [...new Set([...this.byId.values()].map((e) => citedTitleKey(e.title)))].sort((a, b) => b.length - a.length);
  }

  /**
   * The articles a reference names: an article id, a chunk id, or title + label. A law printed in
   * several part-documents (民法典's books) resolves in whichever part holds the label.
   */
  resolve(ref: string): ArticleEntry[] {
    const direct = this.byId.get(ref) ?? this.byId.get(ref.replace(/:\d+$/, ''));
    if (direct) return [direct];
    const name = citedTitleKey(ref);
    for (const title of this.titles) {
      if (!name.startsWith(title)) continue;
      const found = this.byName.get(title + normaliseLabel(name.slice(title.length)));
      if (found) return found;
    }
    return [];
  }
}

/** 第56条, 第 五十六 条 → 第五十六条; other labels (一、, （三）) are compared without spaces. */
function normaliseLabel(s: string): string {
  const compact = compactText(s);
  const nums = articleNumbers(compact);
  return nums.length === 1 && /^第.+条(之.+)?$/.test(compact) ? articleLabel(nums[0]) : compact;
}

/** Parses and resolves a labels file. Throws only when the file cannot be read at all. */
export async function readLabelsFile(file: string, articles: ArticleTable): Promise<LabelsFile> {
  const bytes = await readFile(file);
  const items: LabelledQuestion[] = [];
  const problems: string[] = [];
  bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${file}:${i + 1}`;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch (e) {
        problems.push(`${where}: not valid JSON (${(e as Error).message})`);
        return;
      }
      const rec = o as { question?: unknown; articles?: unknown };
      if (!o || typeof o !== 'object' || typeof rec.question !== 'string' || !rec.question.trim()) {
        problems.push(`${where}: needs "question", a non-empty string`);
        return;
      }
      if (!Array.isArray(rec.articles) || rec.articles.length === 0 || !rec.articles.every((a) => typeof a === 'string')) {
        problems.push(`${where}: needs "articles", a non-empty array of article names or ids`);
        return;
      }
      const answers = new Set<string>();
      for (const ref of rec.articles as string[]) {
        const found = articles.resolve(ref);
        if (found.length === 0) problems.push(`${where}: no article "${ref}" in the index`);
        for (const a of found) answers.add(a.id);
      }
      if (answers.size > 0) items.push({ key: i + 1, question: rec.question.trim(), answers: [...answers] });
    });
  const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16);
  return { items, problems, hash };
}
