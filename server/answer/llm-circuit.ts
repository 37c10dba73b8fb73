/**
 * The LLM's health, and a circuit breaker over it: after FAILURES calls in a row that failed (an error,
 * a deadline), the model is skipped for COOLDOWN and every answer is the extractive one at once, with
 * a notice — a down endpoint costs users nothing but the notice. After the cool-down one call is let
 * through; a success closes the circuit. /api/health reports the state: ok, degraded (the last call
 * failed) or down (skipped until the cool-down ends).
 */
import type { QueryRewriter } from '../retrieval/query-rewrite.js';
import { ruleRewrite } from './rewrite-followup.js';
import { type AnswerModel, type FollowUpRewriter, ModelUnavailableError } from './types.js';

export interface LlmState {
  state: 'ok' | 'degraded' | 'down';
  /** What the last failed call said, while the state is not ok. */
  lastError?: string;
}

export interface CircuitOptions {
  /** Failed calls in a row that open the circuit. */
  failures: number;
  /** How long the model is skipped once open, in ms. */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failures: 3, cooldownMs: 30_000 };

export class LlmCircuit {
  private failedInRow = 0;
  private openUntil = 0;
  private lastError?: string;

  constructor(
    private readonly opts: CircuitOptions = DEFAULT_CIRCUIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while calls are skipped. */
  get open(): boolean {
    return this.now() < this.openUntil;
  }

  success(): void {
    this.failedInRow = 0;
    this.openUntil = 0;
    this.lastError = undefined;
  }

  failure(message: string): void {
    this.failedInRow++;
    this.lastError = message;
    if (this.failedInRow >= this.opts.failures) this.openUntil = this.now() + this.opts.cooldownMs;
  }

  state(): LlmState {
    if (this.open) return { state: 'down', lastError: this.lastError };
    if (this.failedInRow > 0) return { state: 'degraded', lastError: this.lastError };
    return { state: 'ok' };
  }

  /** The answer model, skipped while the circuit is open; its failures and successes counted. */
  guardModel(model: AnswerModel): AnswerModel {
    const circuit = this;
    return {
      name: model.name,
      async *generate(input, signal) {
        if (circuit.open) throw new ModelUnavailableError('skipped', `Skipped: the model failed ${circuit.opts.failures} times in a row (${circuit.lastError ?? 'no reply'}).`);
        try {
          yield* model.generate(input, signal);
        } catch (e) {
          // A client that went away is not the model's failure.
          if (!signal?.aborted) circuit.failure(e instanceof Error ? e.message : String(e));
          throw e;
        }
        if (!signal?.aborted) circuit.success();
      },
    };
  }

  /** The query rewriter: while open, the question is searched as typed without asking the model. */
  guardQueryRewriter(rewriter: QueryRewriter): QueryRewriter {
    return {
      rewrite: async (question, signal) => {
        if (this.open) return { query: question.trim(), rewritten: false, fallback: 'error' };
        const r = await rewriter.rewrite(question, signal);
        if (r.fallback === 'timeout' || r.fallback === 'error') {
          if (!signal?.aborted) this.failure(`query rewrite: ${r.fallback}`);
        } else this.success();
        return r;
      },
    };
  }

  /** The follow-up rewriter: while open, the rule rewrites. */
  guardFollowUps(rewriter: FollowUpRewriter): FollowUpRewriter {
    return {
      rewrite: async (question, history, signal) => (this.open ? ruleRewrite(question, history) : rewriter.rewrite(question, history, signal)),
    };
  }
}
