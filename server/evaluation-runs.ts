/**
 * The contract of evaluation runs started from the browser (the 评测 page, /api/evaluations). The
 * implementation is eval/evaluation-runs.ts — the same runner, report and HTML as `npm run eval` — and
 * the server is given one by its composition (cli/serve.ts), since server/ does not depend on eval/.
 */

/** A problem of a set, with its 1-based line (0: the set as a whole), as the CLI reports it. */
export interface SetProblemView {
  line: number;
  message: string;
}

/** An evaluation set that cannot run: every problem listed with its line. */
export class InvalidSetError extends Error {
  constructor(readonly problems: SetProblemView[]) {
    super(`Invalid evaluation set: ${problems.map((p) => (p.line > 0 ? `line ${p.line}: ${p.message}` : p.message)).join('; ')}`);
    this.name = 'InvalidSetError';
  }
}

export interface EvaluationRunView {
  id: string;
  /** The set's file name as uploaded. */
  name: string;
  createdAt: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  /** Items with at least one failure so far. */
  failed: number;
  /** Why the run failed, when it did. */
  error?: string;
  /** The headline figures once done (the report's `overall`). */
  overall?: Record<string, number | null>;
  /** Per item, once done: what the page lists (question, status, whether the evidence was shown, the answer and its citations). */
  items?: {
    id: string;
    question: string;
    type: string;
    status: string;
    rank: number | null;
    evidenceShown: boolean;
    failures: string[];
    answer: string;
    citations: { n: number; docTitle: string; article: string; containsEvidence: boolean }[];
  }[];
}

export interface EvaluationRuns {
  /** Checks the set (InvalidSetError with every bad line) and queues a run of it against the live server's parts. */
  start(name: string, text: string): EvaluationRunView;
  list(): EvaluationRunView[];
  get(id: string): EvaluationRunView | undefined;
  /** The run's HTML report (the CLI's), compared with an earlier run when `against` names one. */
  html(id: string, against?: string): string | undefined;
}
