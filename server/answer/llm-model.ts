/**
 * The LLM answer model: any OpenAI-compatible chat endpoint through the AI SDK (`streamText`).
 * It only writes; the pipeline checks every sentence before it is shown. Three deadlines abort the
 * request, so a hung or trickling model never keeps the user waiting: the first text within
 * LLM_FIRST_TOKEN_TIMEOUT_MS (8 s), no gap longer than LLM_TIMEOUT_MS after it, the whole answer within
 * LLM_TOTAL_TIMEOUT_MS (60 s). So does the caller's signal (the client went away). They surface as
 * ModelUnavailableError (the answerer then serves the extractive answer with a notice) or the abort reason.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { extractReasoningMiddleware, streamText, wrapLanguageModel, type LanguageModel } from 'ai';
import { answerUserMessage, type Prompts } from './prompts.js';
import { ModelUnavailableError, type AnswerModel, type ModelInput } from './types.js';

export interface LlmSettings {
  baseURL: string;
  model: string;
  apiKey?: string;
  /** The longest gap between two pieces of the reply. */
  timeoutMs: number;
  /** The longest wait for the first text (default 8 s). */
  firstTokenMs?: number;
  /** The longest the whole answer may take (default 60 s). */
  totalMs?: number;
}

export const DEFAULT_FIRST_TOKEN_MS = 8_000;
export const DEFAULT_TOTAL_MS = 60_000;

export function createChatModel(s: LlmSettings): LanguageModel {
  const provider = createOpenAICompatible({ name: 'llm', baseURL: s.baseURL, apiKey: s.apiKey });
  // Reasoning models served by Ollama or llama.cpp put their thinking in <think> tags inside the text.
  return wrapLanguageModel({ model: provider.chatModel(s.model), middleware: extractReasoningMiddleware({ tagName: 'think' }) });
}

class StallTimeout extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'StallTimeout';
  }
}

export function createLlmModel(s: LlmSettings, prompts: Prompts, model: LanguageModel = createChatModel(s)): AnswerModel {
  return {
    name: s.model,
    async *generate(input: ModelInput, signal?: AbortSignal) {
      const stall = new AbortController();
      const firstMs = Math.min(s.firstTokenMs ?? DEFAULT_FIRST_TOKEN_MS, s.timeoutMs);
      const totalMs = s.totalMs ?? DEFAULT_TOTAL_MS;
      let timer: NodeJS.Timeout | undefined;
      let texts = 0;
      const arm = (): void => {
        clearTimeout(timer);
        const [ms, why] = texts === 0 ? [firstMs, `The model sent no text within ${firstMs} ms.`] : [s.timeoutMs, `The model sent nothing for ${s.timeoutMs} ms.`];
        timer = setTimeout(() => stall.abort(new StallTimeout(why)), ms);
      };
      const total = setTimeout(() => stall.abort(new StallTimeout(`The model did not finish within ${totalMs} ms.`)), totalMs);
      const abortSignal = signal ? AbortSignal.any([signal, stall.signal]) : stall.signal;
      arm();
      let failure: unknown;
      const result = streamText({
        model,
        system: prompts.answerSystem,
        prompt: answerUserMessage(prompts, input.question, input.sources),
        temperature: 0,
        // A failed call falls back to the extractive answer at once; retrying would only make the user wait.
        maxRetries: 0,
        abortSignal,
        onError: ({ error }) => {
          failure ??= error;
        },
      });
      try {
        for await (const part of result.fullStream) {
          // The first-text deadline is not extended by anything but text; after it, any piece of the reply re-arms the gap.
          if (part.type === 'text-delta') texts++;
          if (texts > 0) arm();
          if (part.type === 'text-delta') yield part.text;
          else if (part.type === 'error') failure ??= part.error;
          else if (part.type === 'abort') break;
          if (failure) break;
        }
      } catch (e) {
        failure ??= e;
      } finally {
        clearTimeout(timer);
        clearTimeout(total);
      }
      if (signal?.aborted) throw signal.reason;
      if (stall.signal.aborted) throw new ModelUnavailableError('timeout', (stall.signal.reason as StallTimeout).why);
      if (failure) throw new ModelUnavailableError('error', describe(failure), { cause: failure });
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const status = (e as { statusCode?: number }).statusCode;
    return status ? `HTTP ${status}: ${e.message}` : e.message;
  }
  return String(e);
}
