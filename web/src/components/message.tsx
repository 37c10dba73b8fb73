import { memo, useCallback, useState } from 'react';
import { answerView, citationLabel, citationList, textOf } from '../message-parts';
import type { CewenMessage, Citation, DocSummary } from '../types';
import { formatDate, validityOf } from '../validity';
import { AnswerMarkdown } from './markdown';

interface UserProps {
  message: CewenMessage;
}

export const UserMessage = memo(function UserMessage({ message }: UserProps) {
  return (
    <div className="msg msg-user">
      <h2 className="visually-hidden">你的问题</h2>
      {/* Plain text on purpose: whatever the user typed is shown exactly, never interpreted. */}
      <div className="msg-user-bubble">{textOf(message)}</div>
    </div>
  );
});

interface AssistantProps {
  message: CewenMessage;
  /** This answer is still arriving. */
  streaming: boolean;
  /** Regenerate is offered on the latest answer once nothing is running. */
  onRegenerate?: () => void;
  /** What the user typed for this answer. */
  asked?: string;
  /** Opens a citation with the question it answers (the standalone one when the server rewrote it). */
  onOpenCitation: (citation: Citation, question?: string, labelToken?: string) => void;
  onOpenDocument: (doc: DocSummary) => void;
}

export const AssistantMessage = memo(function AssistantMessage({ message, streaming, onRegenerate, asked, onOpenCitation: openWithQuestion, onOpenDocument }: AssistantProps) {
  const view = answerView(message);
  const question = view.question ?? view.answer?.question ?? asked;
  const labelToken = view.answer?.labelToken;
  const onOpenCitation = useCallback((c: Citation) => openWithQuestion(c, question, labelToken), [openWithQuestion, question, labelToken]);
  const citations = citationList(view.citations);
  // Older servers send only `refused`: then a refusal is "not found".
  const status = view.answer?.status ?? (view.answer?.refused ? 'not_found' : 'answered');
  const refused = view.answer !== undefined && status === 'not_found';
  const closest = view.answer !== undefined && status === 'closest';
  const unfinished = !streaming && !view.answer;
  return (
    <article className={`msg msg-assistant${refused ? ' msg-refused' : ''}${closest ? ' msg-closest' : ''}${streaming ? ' is-streaming' : ''}`} aria-busy={streaming}>
      <h2 className="visually-hidden">策问的回答</h2>
      {view.question && <p className="msg-rewrite">按完整问题检索：{view.question}</p>}
      {view.search && <p className="msg-rewrite msg-search">检索用语：{view.search}</p>}
      {view.answer?.notice && (
        <p className="notice" role="status">
          <span className="notice-icon" aria-hidden="true">
            !
          </span>
          {view.answer.notice}
        </p>
      )}
      {closest && (
        <p className="closest-badge" role="note">
          不是直接回答：以下是资料库中最接近的规定，请核对原文
        </p>
      )}
      {refused ? (
        <Refusal text={view.text} closest={view.answer?.closest ?? []} onOpenDocument={onOpenDocument} />
      ) : view.text ? (
        <AnswerMarkdown text={view.text} citations={view.citations} onOpenCitation={onOpenCitation} />
      ) : streaming ? (
        <PendingNotice />
      ) : null}
      {unfinished && <p className="msg-stopped">回答未完成（已停止或连接中断）。</p>}
      {!refused && citations.length > 0 && <SourceList citations={citations} onOpen={onOpenCitation} title={closest ? '最接近的规定' : '引用来源'} />}
      {(onRegenerate || view.answer) && !streaming && (
        <div className="msg-actions">
          {onRegenerate && (
            <button type="button" className="btn-quiet" onClick={onRegenerate} aria-label="重新生成这个回答">
              <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
                <path d="M15.5 7A6 6 0 1 0 16 11" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
                <path d="M16 3v4.2h-4.2" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              重新生成
            </button>
          )}
          {view.text && <CopyButton text={view.text} />}
          {view.answer?.model && <span className="msg-model">{view.answer.model === 'extractive' ? '摘录模式' : `模型：${view.answer.model}`}</span>}
        </div>
      )}
    </article>
  );
});

function Refusal({ text, closest, onOpenDocument }: { text: string; closest: DocSummary[]; onOpenDocument: (d: DocSummary) => void }) {
  return (
    <div className="refusal">
      <p className="refusal-text">{text.trim() || '资料库中未找到能回答这个问题的规定。'}</p>
      {closest.length > 0 && (
        <>
          <h3 className="refusal-title">资料库中最接近的文件</h3>
          <ul className="doc-list">
            {closest.map((d) => (
              <li key={d.id}>
                <button type="button" className="doc-link" onClick={() => onOpenDocument(d)} aria-label={`阅读《${d.title}》`}>
                  <span className="doc-link-title">《{d.title}》</span>
                  <span className="doc-link-meta">{[d.docNo, d.issuer, formatDate(d.date)].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SourceList({ citations, onOpen, title }: { citations: Citation[]; onOpen: (c: Citation) => void; title: string }) {
  return (
    <section className="sources" aria-label={title}>
      <h3 className="sources-title">{title}</h3>
      <ol className="sources-list">
        {citations.map((c) => {
          const validity = validityOf(c.doc);
          return (
            <li key={`${c.n}-${c.chunkId}`}>
              <button type="button" className="source-item" onClick={() => onOpen(c)} aria-label={`打开引用 ${c.n}：${citationLabel(c)}`}>
                <span className="source-n">{c.n}</span>
                <span className="source-body">
                  <span className="source-label">{citationLabel(c)}</span>
                  <span className="source-meta">
                    {[c.doc.docNo, c.doc.issuer].filter(Boolean).join(' · ')}
                    {(c.validityNote || validity?.expired) && <span className="source-warn">{c.validityNote ?? validity?.text}</span>}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn-quiet"
      aria-label="复制回答"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? '已复制' : '复制'}
    </button>
  );
}

/** Shown while the server looks for sources and before the first sentence arrives. */
export function PendingNotice() {
  return (
    <p className="msg-pending">
      <span className="dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      正在查阅资料库…
    </p>
  );
}
