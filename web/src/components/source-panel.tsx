/**
 * The side panel: the cited article with the cited passage highlighted, or a whole document.
 * All document text is rendered as React text, never as HTML.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import { ApiError, getDocument, getSource } from '../api';
import type { DocMeta, DocumentView, PanelTarget, SourceView } from '../types';
import { formatDate, validityOf } from '../validity';
import { ConfirmAnswer } from './confirm-answer';

interface Props {
  target: PanelTarget;
  onClose: () => void;
  onNavigate: (target: PanelTarget) => void;
  /** Where "返回条文" goes from a document opened from a citation. */
  back?: PanelTarget;
  /** The server records confirmations (/api/health `labels.writable`): offer "此条回答了我的问题". */
  canConfirm?: boolean;
}

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; data: T };

function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setResult({ state: 'loading' });
    load(ctrl.signal).then(
      (data) => setResult({ state: 'done', data }),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        setResult({ state: 'error', message: e instanceof ApiError ? e.message : '加载失败，请重试。' });
      },
    );
    return () => ctrl.abort();
    // `load` is recreated each render; `key` says what it loads.
  }, [key, attempt]);
  return [result, () => setAttempt((a) => a + 1)];
}

export function SourcePanel({ target, onClose, onNavigate, back, canConfirm }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [target]);
  return (
    <aside className="panel" aria-labelledby="panel-heading">
      <div className="panel-bar">
        <h2 id="panel-heading" className="panel-kicker" tabIndex={-1} ref={heading}>
          {target.kind === 'source' ? `引用原文${target.citation ? ` · [${target.citation.n}]` : ''}` : '文件全文'}
        </h2>
        {target.kind === 'document' && back && (
          <button type="button" className="btn-quiet" onClick={() => onNavigate(back)}>
            ← 返回条文
          </button>
        )}
        <button type="button" className="panel-close" onClick={onClose} aria-label="关闭原文面板（Esc）">
          <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
            <path d="M5 5l10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <div className="panel-body">
        {target.kind === 'source' ? (
          <SourceBody key={`${target.chunkId}#${target.citation?.n ?? ''}`} target={target} onNavigate={onNavigate} canConfirm={canConfirm} />
        ) : (
          <DocumentBody key={target.docId} target={target} />
        )}
      </div>
    </aside>
  );
}

function SourceBody({ target, onNavigate, canConfirm }: { target: Extract<PanelTarget, { kind: 'source' }>; onNavigate: Props['onNavigate']; canConfirm?: boolean }) {
  const quote = target.citation?.quote;
  const [load, retry] = useLoad<SourceView>(`${target.chunkId}\n${quote ?? ''}`, (s) => getSource(target.chunkId, quote, s));
  const mark = useScrollIntoView(load.state === 'done');
  if (load.state !== 'done') return <Status load={load} retry={retry} />;
  const { document: doc, article, highlight, documentHighlight } = load.data;
  const hl = clampRange(highlight, article.text.length);
  return (
    <>
      <DocHeader doc={doc} validityNote={target.citation?.validityNote} />
      <section className="article" aria-label={`${article.label}原文`}>
        {article.headingPath.length > 0 && <p className="article-path">{article.headingPath.join(' › ')}</p>}
        {/* Most articles start with their own number (第八条 …); repeat it as a heading only when they do not. */}
        <h3 className={article.text.trimStart().startsWith(article.label) ? 'visually-hidden' : 'article-label'}>{article.label}</h3>
        <Highlighted text={article.text} range={hl} markRef={mark} />
      </section>
      <div className="panel-actions">
        <button
          type="button"
          className="btn"
          onClick={() =>
            onNavigate({
              kind: 'document',
              docId: doc.id,
              title: doc.title,
              highlight: documentHighlight ?? { start: article.start + hl.start, end: article.start + hl.end },
              quote: article.text.slice(hl.start, hl.end),
            })
          }
        >
          阅读全文
        </button>
      </div>
      {canConfirm && target.citation && target.question && <ConfirmAnswer question={target.question} chunkId={target.chunkId} labelToken={target.labelToken} />}
    </>
  );
}

function DocumentBody({ target }: { target: Extract<PanelTarget, { kind: 'document' }> }) {
  const [load, retry] = useLoad<DocumentView>(target.docId, (s) => getDocument(target.docId, s));
  const mark = useScrollIntoView(load.state === 'done' && !!target.highlight);
  if (load.state !== 'done') return <Status load={load} retry={retry} />;
  const doc = load.data.document;
  const range = target.highlight ? locate(doc.text, target.highlight, target.quote) : undefined;
  return (
    <>
      <DocHeader doc={doc} />
      <section className="article article-whole" aria-label="全文">
        <Highlighted text={doc.text} range={range} markRef={mark} />
      </section>
    </>
  );
}

/** The range as sent, or where the quote really is if the text moved (e.g. a re-ingested corpus). */
function locate(text: string, range: { start: number; end: number }, quote?: string) {
  const r = clampRange(range, text.length);
  if (!quote || text.slice(r.start, r.end) === quote) return r;
  const at = text.indexOf(quote);
  return at >= 0 ? { start: at, end: at + quote.length } : r;
}

function clampRange(r: { start: number; end: number }, length: number) {
  const start = Math.max(0, Math.min(r.start, length));
  return { start, end: Math.max(start, Math.min(r.end, length)) };
}

/** The range without the line breaks and spaces at its edges, so the mark hugs the passage. */
function trimRange(text: string, r: { start: number; end: number }) {
  let { start, end } = r;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function Highlighted({ text, range: raw, markRef }: { text: string; range?: { start: number; end: number }; markRef: Ref<HTMLElement> }) {
  const range = raw && trimRange(text, raw);
  if (!range || range.end <= range.start) return <div className="article-text">{text}</div>;
  return (
    <div className="article-text">
      {text.slice(0, range.start)}
      <mark ref={markRef} className="cited">
        {text.slice(range.start, range.end)}
      </mark>
      {text.slice(range.end)}
    </div>
  );
}

function useScrollIntoView(ready: boolean) {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    if (ready) ref.current?.scrollIntoView({ block: 'center' });
  }, [ready]);
  return ref;
}

function DocHeader({ doc, validityNote }: { doc: DocMeta; validityNote?: string }) {
  const validity = validityOf(doc);
  const rows: [string, ReactNode][] = [];
  if (doc.docNo) rows.push(['文号', doc.docNo]);
  if (doc.issuer) rows.push(['发布机关', doc.issuer]);
  if (doc.date) rows.push(['发布日期', formatDate(doc.date)]);
  if (doc.effectiveDate) rows.push(['施行日期', formatDate(doc.effectiveDate)]);
  // The effective date alone is already shown above; 有效期 only when the document has an end date.
  // biome-ignore lint/correctness/useJsxKeyInIterable: a [label, value] pair for the rows below, which key it by its label; not a list child.
  if (validity && doc.validUntil) rows.push(['有效期', <span className={validity.expired ? 'warn' : undefined}>{validity.text}</span>]);
  return (
    <header className="doc-header">
      <h3 className="doc-title">《{doc.title}》</h3>
      {rows.length > 0 && (
        <dl className="doc-meta">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {validityNote && <p className="notice notice-small">{validityNote}</p>}
    </header>
  );
}

function Status({ load, retry }: { load: Load<unknown>; retry: () => void }) {
  if (load.state === 'loading') {
    return (
      <p className="panel-status" role="status">
        正在加载原文…
      </p>
    );
  }
  if (load.state === 'error') {
    return (
      <div className="panel-status" role="alert">
        <p>{load.message}</p>
        <button type="button" className="btn" onClick={retry}>
          重试
        </button>
      </div>
    );
  }
  return null;
}
