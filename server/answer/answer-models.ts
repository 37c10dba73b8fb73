/**
 * The answer models, keyed by `config.llm.kind` (LLM=…): the extractive model (the answerer's own
 * default) and any OpenAI-compatible chat endpoint. Each gives what the answerer needs, the name
 * /api/health shows, and (for an LLM) a model for the evaluation to judge answers with. A new answer
 * model is one more entry here (and its settings in Config['llm']).
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { Config } from '../config.js';
import { LlmCircuit, type LlmState } from './llm-circuit.js';
import { createChatModel, createLlmModel, DEFAULT_FIRST_TOKEN_MS } from './llm-model.js';
import { loadPrompts } from './prompts.js';
import { createLlmRewriter } from './rewrite-followup.js';
import { createLlmQueryRewriter, type QueryRewriter } from '../retrieval/query-rewrite.js';
import type { AnswerModel, FollowUpRewriter } from './types.js';

export type AnswerModelSettings = Config['llm'];

/** What the answerer is given; what is absent it takes from its defaults (the extractive model, the rule rewriter). */
export interface AnswerModelParts {
  model?: AnswerModel;
  rewriter?: FollowUpRewriter;
  /** Everyday words → policy words before searching (answers and /api/search). */
  queryRewriter?: QueryRewriter;
  /** The LLM's state for /api/health; absent without an LLM. */
  llmState?: () => LlmState;
}

export interface AnswerModelKind<S extends AnswerModelSettings = AnswerModelSettings> {
  readonly kind: S['kind'];
  /** The model's name as answers and /api/health give it: `extractive`, or the LLM's model. */
  name(s: S): string;
  /** The model and follow-up rewriter for the answerer; prompts are read from `promptsDir` (default prompts/). */
  create(s: S, opts: { promptsDir?: string }): AnswerModelParts;
  /** For an LLM: a chat model to grade answers with (eval/judge.ts), and its time limit per answer. */
  judge?(s: S): { model: LanguageModel; timeoutMs: number };
}

const ANSWER_MODELS: { readonly [K in AnswerModelSettings['kind']]: AnswerModelKind<Extract<AnswerModelSettings, { kind: K }>> } = {
  // The answerer's own default: nothing to create (its fallback is the same model, so it never falls back).
  extractive: { kind: 'extractive', name: () => 'extractive', create: () => ({}) },
  openai: {
    kind: 'openai',
    name: (s) => s.model,
    create(s, { promptsDir }) {
      const prompts = loadPrompts(promptsDir);
      const chat = createChatModel(s);
      // One circuit for every call to the endpoint: when it is down, none of them makes the user wait.
      const circuit = new LlmCircuit();
      return {
        model: circuit.guardModel(createLlmModel(s, prompts, chat)),
        // A follow-up rewrite is a short reply: it gets the first-text deadline.
        rewriter: circuit.guardFollowUps(createLlmRewriter(chat, prompts.rewriteFollowup, Math.min(s.timeoutMs, s.firstTokenMs ?? DEFAULT_FIRST_TOKEN_MS))),
        queryRewriter: circuit.guardQueryRewriter(createLlmQueryRewriter(chat, prompts.rewriteQuery, s.rewriteTimeoutMs)),
        llmState: () => circuit.state(),
      };
    },
    judge: (s) => ({ model: createOpenAICompatible({ name: 'judge', baseURL: s.baseURL, apiKey: s.apiKey }).chatModel(s.model), timeoutMs: s.timeoutMs }),
  },
};

/** The registered kinds, e.g. for a message. */
export const ANSWER_MODEL_KINDS = Object.keys(ANSWER_MODELS) as AnswerModelSettings['kind'][];

/** The answer model of a kind; an unknown kind is an error that lists the known ones. */
export function answerModelKind(kind: string): AnswerModelKind {
  if (!Object.hasOwn(ANSWER_MODELS, kind)) throw new Error(`Unknown answer model "${kind}": the answer models are ${ANSWER_MODEL_KINDS.join(', ')}.`);
  return ANSWER_MODELS[kind as AnswerModelSettings['kind']] as AnswerModelKind;
}

/** The configured model's name, as /api/health shows it. */
export function answerModelName(s: AnswerModelSettings): string {
  return answerModelKind(s.kind).name(s);
}
