/**
 * The LLM answer model: any OpenAI-compatible chat endpoint through the AI SDK (`streamText`).
 * It only writes; the pipeline checks every sentence before it is shown. A stall (nothing received for
 * LLM_TIMEOUT_MS, including before the first byte) aborts the request; so does the caller's signal
 * (the client went away). Both surface as ModelUnavailableError or the caller's abort reason.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { extractReasoningMiddleware, streamText, wrapLanguageModel, type LanguageModel } from 'ai';
import { answerUserMessage, type Prompts } from './prompts.js';
import { ModelUnavailableError, type AnswerModel, type ModelInput } from './types.js';

export interface LlmSettings {
  baseURL: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export function createChatModel(s: LlmSettings): LanguageModel {
  const provider = createOpenAICompatible({ name: 'llm', baseURL: s.baseURL, apiKey: s.apiKey });
  // Reasoning models served by Ollama or llama.cpp put their thinking in <think> tags inside the text.
  return wrapLanguageModel({ model: provider.chatModel(s.model), middleware: extractReasoningMiddleware({ tagName: 'think' }) });
}

class StallTimeout extends Error {
  constructor(ms: number) {
    super(`No response from the model for ${ms} ms`);
    this.name = 'StallTimeout';
  }
}

export function createLlmModel(s: LlmSettings, prompts: Prompts, model: LanguageModel = createChatModel(s)): AnswerModel {
  return {
    name: s.model,
    async *generate(input: ModelInput, signal?: AbortSignal) {
      const stall = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => stall.abort(new StallTimeout(s.timeoutMs)), s.timeoutMs);
      };
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
          arm();
          if (part.type === 'text-delta') yield part.text;
          else if (part.type === 'error') failure ??= part.error;
          else if (part.type === 'abort') break;
          if (failure) break;
        }
      } catch (e) {
        failure ??= e;
      } finally {
        clearTimeout(timer);
      }
      if (signal?.aborted) throw signal.reason;
      if (stall.signal.aborted) throw new ModelUnavailableError('timeout', `The model sent nothing for ${s.timeoutMs} ms.`);
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
