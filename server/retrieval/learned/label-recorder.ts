/**
 * Confirmations from the chat window: a user who opened a cited article and found that it answers the
 * question records the pair, and it becomes a labelled question (docs/learned-ranking.md). The line is
 * appended to LABELS_FILE — the one file the learned ranking reads, which a reviewer can read, edit or
 * empty — and the ranking is prepared again from it in the background.
 *
 * Articles are written by name (title + label) when that name means exactly this article, so the file
 * stays readable and survives a rebuilt index; otherwise by article id.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { RecordedLabel } from '../../wire.js';
import { LabelTokens } from './label-tokens.js';
import type { LearnedRetriever, LearnedState } from './learned-retriever.js';
import type { Weights } from './learned-ranker.js';

/**
 * Refits wait for a pause in the confirmations (a reader confirming several articles makes one refit) and
 * come at most once per interval, so a burst never keeps the server fitting; searches are served by the
 * previous fit meanwhile (learned-retriever.ts swaps the ranking only when the new one is ready).
 */
export interface RefitTiming {
  debounceMs: number;
  minIntervalMs: number;
}

export const DEFAULT_REFIT: RefitTiming = { debounceMs: 1_000, minIntervalMs: 10_000 };

export class LabelRecorder {
  /** Appends, one after another, so two confirmations never interleave their bytes. */
  private writing: Promise<unknown> = Promise.resolve();
  private refitTimer?: NodeJS.Timeout;
  private lastRefit = Number.NEGATIVE_INFINITY;

  constructor(
    readonly file: string,
    private learned: Pick<LearnedRetriever, 'articles' | 'prepare' | 'status'>,
    private readonly log: (line: string) => void = () => {},
    private readonly timing: RefitTiming = DEFAULT_REFIT,
    private readonly tokens: LabelTokens = new LabelTokens(),
    /** Fits the weights off this thread (refit-in-worker.ts); without it, or when it fails, the fit runs here. */
    private readonly fitElsewhere?: (labelsFile: string) => Promise<Weights>,
  ) {}

  /** The learned ranking of a new generation of the index (documents uploaded or removed): confirmations refit it. */
  retarget(learned: Pick<LearnedRetriever, 'articles' | 'prepare' | 'status'>): void {
    this.learned = learned;
  }

  /** The token an answer carries: the articles of `chunkIds` may be confirmed for `question`. */
  issue(question: string, chunkIds: readonly string[]): string {
    return this.tokens.issue(question, chunkIds);
  }

  /**
   * Records the pair; throws AppError bad_request when an article is not in the index, forbidden when
   * the token does not vouch for it. `trusted` (the administrator) needs no token.
   */
  async confirm(question: string, refs: readonly string[], proof: { token?: string; trusted?: boolean } = {}): Promise<RecordedLabel> {
    let shown: Set<string> | undefined;
    if (!proof.trusted) {
      if (!proof.token) throw new AppError('forbidden', 'A confirmation needs the token that came with the answer (labelToken).');
      const checked = this.tokens.verify(proof.token, question);
      if ('error' in checked) throw new AppError('forbidden', checked.error);
      shown = new Set(checked.chunkIds.flatMap((c) => this.learned.articles.resolve(c).map((a) => a.id)));
    }
    const articles = refs.map((ref) => {
      const found = this.learned.articles.resolve(ref);
      if (found.length === 0) throw new AppError('bad_request', `No article "${ref}" in the index.`);
      if (shown && !shown.has(found[0].id)) throw new AppError('forbidden', `"${ref}" was not among the articles shown for this question.`);
      return found[0];
    });
    const unique = [...new Map(articles.map((a) => [a.id, a])).values()];
    const names = unique.map((a) => {
      const name = `${a.title}${a.label}`;
      const same = this.learned.articles.resolve(name);
      return same.length === 1 && same[0].id === a.id ? name : a.id;
    });
    const line = JSON.stringify({ question, articles: names });
    const write = this.writing.then(() => this.append(line));
    this.writing = write.catch(() => undefined);
    let appended: boolean;
    try {
      appended = await write;
    } catch (e) {
      // A file that cannot be written is the deployment's state, not a server error.
      throw new AppError('forbidden', `The labels file ${this.file} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was recorded.`);
    }
    if (appended) this.queueRefit();
    return { question, articles: unique.map(({ id, title, label }) => ({ id, title, label })), already: !appended };
  }

  /** False when the line is in the file already: a second confirmation must not count twice in the priors. */
  private async append(line: string): Promise<boolean> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const before = await readFile(this.file, 'utf8').catch(() => '');
    if (before.split(/\r?\n/).some((l) => l.trim() === line)) return false;
    // A file edited by hand may lack its last newline: never glue the new line onto the old one.
    await appendFile(this.file, `${before && !before.endsWith('\n') ? '\n' : ''}${line}\n`);
    return true;
  }

  /** Several confirmations in a row lead to one preparation, after a pause, at most once per interval. */
  private queueRefit(): void {
    clearTimeout(this.refitTimer);
    const wait = Math.max(this.timing.debounceMs, this.lastRefit + this.timing.minIntervalMs - Date.now());
    this.refitTimer = setTimeout(() => {
      this.refitTimer = undefined;
      this.lastRefit = Date.now();
      void this.refit();
    }, wait);
    // A pending refit never keeps a process alive that is otherwise done.
    this.refitTimer.unref();
  }

  /** Fits the ranking again: the weights in a worker when one is given (serving goes on meanwhile), then the ranker here. */
  private async refit(): Promise<void> {
    let weights: Weights | undefined;
    if (this.fitElsewhere) {
      try {
        weights = await this.fitElsewhere(this.file);
      } catch (e) {
        this.log(`Learned ranking: the fit in a worker failed (${(e as Error).message}); fitting on the server's thread.`);
      }
    }
    await this.learned.prepare({ labelsFile: this.file, onLog: this.log, ...(weights ? { weights } : {}) });
  }

  /** Whether the labels file can be written: the file itself, or the nearest folder above it that exists. */
  writable(): boolean {
    let p = path.resolve(this.file);
    for (;;) {
      if (existsSync(p)) {
        try {
          const isDir = statSync(p).isDirectory();
          // The file itself must be a file; a folder on the way must be a folder.
          if (p === path.resolve(this.file) ? isDir : !isDir) return false;
          accessSync(p, constants.W_OK);
          return true;
        } catch {
          return false;
        }
      }
      const up = path.dirname(p);
      if (up === p) return false;
      p = up;
    }
  }

  get ranking(): LearnedState {
    return this.learned.status;
  }
}
