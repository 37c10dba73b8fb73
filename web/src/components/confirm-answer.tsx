/**
 * "此条回答了我的问题" under a cited article: the reader confirms that this article answers the question,
 * and the server records the pair as a labelled question for the learned ranking
 * (POST /api/labels, docs/learned-ranking.md). Shown only when the server records confirmations.
 */
import { useState } from 'react';
import { ApiError, postLabel } from '../api';

/**
 * Pairs recorded since the page was loaded: the panel is unmounted when closed, and reopening the same
 * citation must not offer to record the pair a second time.
 */
const recorded = new Set<string>();

type State = { state: 'idle' } | { state: 'sending' } | { state: 'done' } | { state: 'error'; message: string };

export function ConfirmAnswer({ question, chunkId, labelToken }: { question: string; chunkId: string; labelToken?: string }) {
  const key = `${question}\n${chunkId}`;
  const [status, setStatus] = useState<State>(() => (recorded.has(key) ? { state: 'done' } : { state: 'idle' }));
  const busy = status.state === 'sending' || status.state === 'done';

  const send = () => {
    if (busy) return;
    setStatus({ state: 'sending' });
    postLabel(question, chunkId, labelToken).then(
      () => {
        recorded.add(key);
        setStatus({ state: 'done' });
      },
      (e: unknown) =>
        setStatus({
          state: 'error',
          message: e instanceof ApiError ? `未能记录：${e.message}` : '未能记录，请重试。',
        }),
    );
  };

  return (
    <div className="confirm">
      {/* aria-disabled rather than disabled: a disabled button drops the keyboard focus the reader just used. */}
      <button type="button" className={`btn confirm-btn${status.state === 'done' ? ' is-done' : ''}`} aria-disabled={busy} onClick={send}>
        {status.state === 'done' ? (
          <>
            <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
              <path d="M4.5 10.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            已记录：今后类似问题会优先参考此条
          </>
        ) : status.state === 'sending' ? (
          '正在记录…'
        ) : status.state === 'error' ? (
          '重试：此条回答了我的问题'
        ) : (
          '此条回答了我的问题'
        )}
      </button>
      <p className="confirm-question">按此问题记录：{question}</p>
      {status.state === 'error' && (
        <p className="confirm-error" role="alert">
          {status.message}
        </p>
      )}
      <span className="visually-hidden" role="status">
        {status.state === 'done' ? '已记录' : status.state === 'sending' ? '正在记录' : ''}
      </span>
    </div>
  );
}
