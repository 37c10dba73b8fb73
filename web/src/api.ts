/**
 * JSON calls to the server. Every failure becomes an ApiError with a sentence a user can act on,
 * so components never show a raw stack or a bare "Failed to fetch".
 */
import type { EvaluationRunView } from '../../server/evaluation-runs';
import type { DocumentDeleteResponse, DocumentListResponse, DocumentUploadResponse, DocumentView, HealthView, RebuildResponse, RecordedLabel, SourceView } from './types';

export type ApiErrorKind = 'unreachable' | 'not_found' | 'server';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** A refused evaluation set: each problem with its line. */
  readonly problems?: { line: number; message: string }[];
  constructor(kind: ApiErrorKind, message: string, problems?: { line: number; message: string }[]) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    if (problems) this.problems = problems;
  }
}

export const UNREACHABLE_MESSAGE = '无法连接到策问服务器。请确认服务已启动、网络正常，然后重试。';

/** The server's `{"error":{"code","message"}}` body, if that is what `text` is. */
export function serverErrorMessage(text: string): { code?: string; message: string } | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body && typeof body.error?.message === 'string') return { code: body.error.code, message: body.error.message };
  } catch {
    // not JSON
  }
  return undefined;
}

/** A message for an error thrown while chatting (transport or stream error). */
export function describeChatError(error: Error): { unreachable: boolean; message: string } {
  const text = error.message || '';
  if (error instanceof TypeError || /Failed to fetch|NetworkError|Load failed|ECONNREFUSED/i.test(text)) {
    return { unreachable: true, message: UNREACHABLE_MESSAGE };
  }
  const server = serverErrorMessage(text);
  if (server?.code === 'llm_unavailable') return { unreachable: false, message: `语言模型暂不可用：${server.message}` };
  if (server?.code === 'index_missing' || server?.code === 'index_corrupt') {
    return { unreachable: false, message: `资料库索引不可用：${server.message}` };
  }
  if (server) return { unreachable: false, message: `服务器出错：${server.message}` };
  if (/<html|^\s*$/i.test(text)) return { unreachable: false, message: '服务器出错，请稍后重试。' };
  return { unreachable: false, message: `回答失败：${text.slice(0, 300)}` };
}

/** The line-numbered problems of a refused evaluation set, when the body carries them. */
function problemsOf(text: string): { line: number; message: string }[] | undefined {
  try {
    const body = JSON.parse(text) as { problems?: { line: number; message: string }[] };
    return Array.isArray(body.problems) ? body.problems : undefined;
  } catch {
    return undefined;
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url, { signal, headers: { accept: 'application/json' } });
}

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('unreachable', UNREACHABLE_MESSAGE);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    const server = serverErrorMessage(text);
    if (res.status === 404) throw new ApiError('not_found', server?.message ?? '没有找到这份资料。');
    throw new ApiError('server', server?.message ?? `服务器出错（HTTP ${res.status}）。`, problemsOf(text));
  }
  return (await res.json()) as T;
}

export const getHealth = (signal?: AbortSignal) => getJson<HealthView>('/api/health', signal);
/** With the citation's quote, the server highlights that passage rather than the whole chunk. */
export const getSource = (chunkId: string, quote?: string, signal?: AbortSignal) =>
  getJson<SourceView>(`/api/sources/${encodeURIComponent(chunkId)}${quote ? `?quote=${encodeURIComponent(quote.slice(0, 500))}` : ''}`, signal);
export const getDocument = (id: string, signal?: AbortSignal) => getJson<DocumentView>(`/api/documents/${encodeURIComponent(id)}`, signal);

/** Records that the article of `chunkId` answers `question` (a labelled question for the learned ranking). */
export const postLabel = (question: string, chunkId: string, token?: string) =>
  requestJson<RecordedLabel>('/api/labels', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ question, articles: [chunkId], ...(token ? { token } : {}) }),
  });

export const listDocuments = (signal?: AbortSignal) => getJson<DocumentListResponse>('/api/documents', signal);

/** Starts a full rebuild of the index (needs the administrative token); /api/health says when it is done. */
export const rebuildIndex = (token: string) =>
  requestJson<RebuildResponse>('/api/index/rebuild', { method: 'POST', headers: { accept: 'application/json', authorization: `Bearer ${token}` } });

/** Removes a document (needs the administrative token). */
export const deleteDocument = (id: string, token: string) =>
  requestJson<DocumentDeleteResponse>(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { accept: 'application/json', authorization: `Bearer ${token}` } });

export interface UploadProgress {
  /** 0–1 of the bytes sent. */
  sent: number;
}

/**
 * Uploads one file (POST, or PUT to replace `replace`), reporting the bytes sent: XMLHttpRequest, since
 * fetch cannot report upload progress. Resolves with the server's answer; a refusal rejects with its message.
 */
export function uploadDocument(file: File, token: string, onProgress: (p: UploadProgress) => void, replace?: string): Promise<DocumentUploadResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(replace ? 'PUT' : 'POST', replace ? `/api/documents/${encodeURIComponent(replace)}` : '/api/documents');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ sent: e.loaded / e.total });
    };
    xhr.onerror = () => reject(new ApiError('unreachable', UNREACHABLE_MESSAGE));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as DocumentUploadResponse);
        return;
      }
      const server = serverErrorMessage(xhr.responseText);
      const message = xhr.status === 401 ? '管理口令不正确。' : (server?.message ?? `上传失败（HTTP ${xhr.status}）。`);
      reject(new ApiError(xhr.status === 404 ? 'not_found' : 'server', message));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export type { EvaluationRunView };

export const listEvaluations = () => getJson<{ runs: EvaluationRunView[] }>('/api/evaluations');
export const getEvaluation = (id: string) => getJson<EvaluationRunView>(`/api/evaluations/${encodeURIComponent(id)}`);
/** Starts a run of a set (its JSONL text); a bad set rejects with ApiError.problems, line by line. */
export const startEvaluation = (name: string, set: string) =>
  requestJson<EvaluationRunView>('/api/evaluations', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ name, set }),
  });
