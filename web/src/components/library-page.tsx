/**
 * 资料库: every document the assistant answers from (title, 文号, issuer, date, validity, source file),
 * searchable by title or 文号; with the administrative token, documents are added by drag and drop or a
 * file picker (one request per file, each with its own progress and its own error), replaced or deleted.
 * The token stays in this tab (sessionStorage) and is sent only to this server.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, deleteDocument, listDocuments, rebuildIndex, uploadDocument } from '../api';
import type { DocumentListResponse, DocSummary, HealthView } from '../types';
import { formatDate, validityOf } from '../validity';

type Doc = DocumentListResponse['documents'][number];

interface UploadRow {
  key: number;
  name: string;
  state: 'sending' | 'reading' | 'done' | 'failed';
  sent: number;
  message?: string;
}

const TOKEN_KEY = 'cewen.adminToken';
const ACCEPT = '.pdf,.docx,.txt,.md,.html,.htm,.jsonl';

interface Props {
  health?: HealthView;
  onOpenDocument: (d: DocSummary) => void;
  /** The library changed: the sidebar's counts are stale. */
  onChanged: () => void;
}

export function LibraryPage({ health, onOpenDocument, onChanged }: Props) {
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [draftToken, setDraftToken] = useState('');
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  /** When this page asked for a rebuild: health is polled until one has finished since. */
  const [rebuildAsked, setRebuildAsked] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const replacer = useRef<HTMLInputElement>(null);
  const replacing = useRef<string | null>(null);
  const nextKey = useRef(0);

  const reload = useCallback(() => {
    listDocuments().then(
      (r) => {
        setDocs(r.documents);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(reload, [reload]);

  // While a rebuild this page asked for runs, refresh health (the sidebar's counts and this page's state) every two seconds.
  const rebuildDone = rebuildAsked !== null && !health?.library?.rebuilding && (health?.library?.lastRebuild?.at ?? '') >= rebuildAsked;
  useEffect(() => {
    if (rebuildAsked === null) return;
    if (rebuildDone) {
      reload();
      return;
    }
    const timer = setInterval(onChanged, 2000);
    return () => clearInterval(timer);
  }, [rebuildAsked, rebuildDone, onChanged, reload]);

  const rebuild = async () => {
    try {
      setRebuildAsked(new Date().toISOString());
      await rebuildIndex(token);
      onChanged();
    } catch (e) {
      setRebuildAsked(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const shown = useMemo(() => {
    const q = query.replace(/\s+/g, '');
    const list = docs ?? [];
    const hits = q ? list.filter((d) => `${d.title}${d.docNo ?? ''}${d.issuer ?? ''}`.replace(/\s+/g, '').includes(q)) : list;
    // Uploaded documents first (newest first), then the bundled corpus in its order.
    return [...hits].sort((a, b) => (b.uploadedAt ?? '').localeCompare(a.uploadedAt ?? ''));
  }, [docs, query]);

  const uploadsOn = health?.library?.uploads === true;
  const admin = uploadsOn && token !== '';

  const update = (key: number, patch: Partial<UploadRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const send = async (files: File[], replace?: string) => {
    const jobs = files.map((f) => ({ file: f, key: nextKey.current++ }));
    setRows((rs) => [...jobs.map((j) => ({ key: j.key, name: j.file.name, state: 'sending' as const, sent: 0 })), ...rs].slice(0, 50));
    let changed = false;
    // One file at a time: each gets its own progress and its own answer, and the server reads them in order.
    for (const { file, key } of jobs) {
      try {
        const r = await uploadDocument(file, token, (p) => update(key, { sent: p.sent, state: p.sent >= 1 ? 'reading' : 'sending' }), replace);
        const titles = r.documents.map((d) => `《${d.title}》`).join('、');
        update(key, { state: 'done', sent: 1, message: `${replace ? '已替换为' : '已加入'}${titles}，现在即可检索。` });
        changed = true;
      } catch (e) {
        const message = e instanceof ApiError ? e.message : String(e);
        update(key, { state: 'failed', message });
        if (/管理口令不正确/.test(message)) forgetToken();
      }
    }
    if (changed) {
      reload();
      onChanged();
    }
  };

  const forgetToken = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken('');
  };

  const remove = async (d: Doc) => {
    if (!window.confirm(`从资料库删除《${d.title}》？删除后它不再出现在检索和回答中。`)) return;
    setBusy(d.id);
    try {
      await deleteDocument(d.id, token);
      reload();
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="library">
      <div className="library-head">
        <h2 className="page-title">资料库</h2>
        <p className="page-sub">
          {docs ? `共 ${docs.length} 份文件` : '正在读取…'}
          {health?.library?.rebuildAdvised && (
            <span className="source-warn">
              {' '}
              · 上传和删除已改变了约 {Math.round(health.library.drift * 100)}% 的内容，建议重建索引（输入管理口令后点“重建索引”，或运行 npm run ingest）以更新检索统计。
            </span>
          )}
        </p>
      </div>

      {!uploadsOn ? (
        <p className="notice notice-small">服务器未开启上传：在服务器环境中设置 ADMIN_TOKEN（至少 16 个字符）并重启后，可在此上传、替换和删除文件。</p>
      ) : !admin ? (
        <form
          className="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            const t = draftToken.trim();
            if (!t) return;
            sessionStorage.setItem(TOKEN_KEY, t);
            setToken(t);
            setDraftToken('');
          }}
        >
          <label htmlFor="admin-token">管理口令</label>
          <input
            id="admin-token"
            type="password"
            autoComplete="off"
            value={draftToken}
            onChange={(e) => setDraftToken(e.target.value)}
            placeholder="输入 ADMIN_TOKEN 后可上传、替换和删除"
          />
          <button type="submit" className="btn">
            确定
          </button>
        </form>
      ) : (
        <section className="uploader" aria-label="上传文件">
          {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the 选择文件 button inside is the keyboard's way in. */}
          <div
            className={`dropzone${dragging ? ' is-dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              const files = [...e.dataTransfer.files];
              if (files.length) void send(files);
            }}
          >
            <p>把 PDF、Word（.docx）、网页、文本或 JSONL 文件拖到这里，或</p>
            <button type="button" className="btn" onClick={() => picker.current?.click()}>
              选择文件
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              accept={ACCEPT}
              hidden
              data-testid="upload-input"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length) void send(files);
              }}
            />
            <button type="button" className="btn-quiet" onClick={() => void rebuild()} disabled={health?.library?.rebuilding === true}>
              重建索引
            </button>
            <button type="button" className="btn-quiet" onClick={forgetToken}>
              退出管理
            </button>
          </div>
          {(health?.library?.rebuilding || rebuildAsked !== null) && (
            <p className="notice notice-small" role="status">
              {health?.library?.rebuilding || !rebuildDone
                ? '正在重建索引（连同上传的文件），检索和问答照常可用；完成后自动切换。'
                : health?.library?.lastRebuild?.error
                  ? `重建失败，仍在使用原索引：${health.library.lastRebuild.error}`
                  : '索引已重建：检索统计已包含上传的文件。'}
            </p>
          )}
          {rows.length > 0 && (
            <ul className="upload-rows" aria-live="polite">
              {rows.map((r) => (
                <li key={r.key} className={`upload-row is-${r.state}`}>
                  <span className="upload-name">{r.name}</span>
                  {r.state === 'sending' || r.state === 'reading' ? (
                    <>
                      <progress max={1} value={r.state === 'reading' ? undefined : r.sent} aria-label={`${r.name} 上传进度`} />
                      <span className="upload-state">{r.state === 'reading' ? '正在解析并加入索引…' : `${Math.round(r.sent * 100)}%`}</span>
                    </>
                  ) : (
                    <span className="upload-state" role={r.state === 'failed' ? 'alert' : undefined}>
                      {r.message}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          <input
            ref={replacer}
            type="file"
            accept={ACCEPT}
            hidden
            data-testid="replace-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              const id = replacing.current;
              if (file && id) void send([file], id);
            }}
          />
        </section>
      )}

      <div className="library-search">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="按标题或文号查找" aria-label="按标题或文号查找" />
        {query && <span className="page-sub">找到 {shown.length} 份</span>}
      </div>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      <table className="doc-table">
        <thead>
          <tr>
            <th>标题</th>
            <th>文号</th>
            <th>发文机关</th>
            <th>日期</th>
            <th>效力</th>
            <th>来源</th>
            {admin && <th aria-label="操作" />}
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => {
            const validity = validityOf(d);
            return (
              <tr key={d.id} className={d.uploadedAt ? 'is-uploaded' : undefined}>
                <td>
                  <button type="button" className="doc-link-title linklike" onClick={() => onOpenDocument({ ...d, file: d.sources[0]?.file ?? '' })}>
                    《{d.title}》
                  </button>
                </td>
                <td>{d.docNo ?? '—'}</td>
                <td>{d.issuer ?? '—'}</td>
                <td>{formatDate(d.date) ?? '—'}</td>
                <td className={validity?.expired ? 'source-warn' : undefined}>{validity?.text ?? '—'}</td>
                <td>{d.uploadedAt ? `上传：${d.sources[0]?.file ?? ''}` : (d.sources[0]?.file ?? '')}</td>
                {admin && (
                  <td className="doc-actions">
                    <button
                      type="button"
                      className="btn-quiet"
                      onClick={() => {
                        replacing.current = d.id;
                        replacer.current?.click();
                      }}
                      aria-label={`替换《${d.title}》`}
                    >
                      替换
                    </button>
                    <button type="button" className="btn-quiet danger" disabled={busy === d.id} onClick={() => void remove(d)} aria-label={`删除《${d.title}》`}>
                      删除
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
