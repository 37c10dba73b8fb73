import { useCallback, useEffect, useRef, useState } from 'react';
import { UNREACHABLE_MESSAGE, getHealth } from './api';
import { ChatWindow } from './components/chat-window';
import { ConversationList } from './components/conversation-list';
import { EvaluationPage } from './components/evaluation-page';
import { LibraryPage } from './components/library-page';
import { SourcePanel } from './components/source-panel';
import { browserStore, newConversationId, type ConversationSummary } from './conversations';
import type { CewenMessage, Citation, DocSummary, HealthView, PanelTarget } from './types';

const store = browserStore();

type Health = { state: 'checking' } | { state: 'ok'; info: HealthView } | { state: 'down' };

/** The page shown, from the address: #library, #evaluation, else the chat. */
type View = 'chat' | 'library' | 'evaluation';
const viewOf = (hash: string): View => (hash === '#library' ? 'library' : hash === '#evaluation' ? 'evaluation' : 'chat');
const VIEW_TITLES: Record<View, string> = { chat: '对话', library: '资料库', evaluation: '评测' };

interface Active {
  id: string;
  initial: CewenMessage[];
}

interface Panel {
  target: PanelTarget;
  back?: PanelTarget;
}

function openLatest(list: ConversationSummary[]): Active {
  // A reload reopens the conversation the user was last in.
  const latest = list[0];
  return latest ? { id: latest.id, initial: store.load(latest.id) } : { id: newConversationId(), initial: [] };
}

export function App() {
  const [conversations, setConversations] = useState(() => store.list());
  const [active, setActive] = useState<Active>(() => openLatest(conversations));
  const [panel, setPanel] = useState<Panel | null>(null);
  const [health, setHealth] = useState<Health>({ state: 'checking' });
  const [drawer, setDrawer] = useState(false);
  const [view, setView] = useState<View>(() => viewOf(window.location.hash));
  useEffect(() => {
    const onHash = () => setView(viewOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (v: View) => {
    window.location.hash = v === 'chat' ? '' : v;
    setView(v);
    setDrawer(false);
  };
  const opener = useRef<HTMLElement | null>(null);
  const sidebar = useRef<HTMLElement>(null);
  useEffect(() => {
    if (drawer) sidebar.current?.querySelector('button')?.focus();
  }, [drawer]);

  const checkHealth = useCallback(() => {
    setHealth({ state: 'checking' });
    getHealth().then(
      (info) => setHealth({ state: 'ok', info }),
      () => setHealth({ state: 'down' }),
    );
  }, []);
  useEffect(checkHealth, [checkHealth]);
  const onUnreachable = useCallback(() => setHealth({ state: 'down' }), []);

  const onSave = useCallback((id: string, messages: CewenMessage[]) => setConversations(store.save(id, messages)), []);

  const openPanel = useCallback((target: PanelTarget, back?: PanelTarget) => {
    setPanel((current) => {
      if (!current && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
      return { target, back };
    });
  }, []);
  const closePanel = useCallback(() => {
    setPanel(null);
    // Back to the chip or link that opened the panel, so keyboard users keep their place.
    requestAnimationFrame(() => opener.current?.focus());
  }, []);
  const onOpenCitation = useCallback(
    (c: Citation, question?: string, labelToken?: string) => openPanel({ kind: 'source', chunkId: c.chunkId, citation: c, question, labelToken }),
    [openPanel],
  );
  const onOpenDocument = useCallback((d: DocSummary) => openPanel({ kind: 'document', docId: d.id, title: d.title }), [openPanel]);
  const onNavigate = useCallback((target: PanelTarget) => setPanel((p) => ({ target, back: target.kind === 'document' && p?.target.kind === 'source' ? p.target : undefined })), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (panel) closePanel();
      else if (drawer) setDrawer(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panel, drawer, closePanel]);

  const select = (id: string) => {
    if (id !== active.id) setActive({ id, initial: store.load(id) });
    if (view !== 'chat') go('chat');
    setPanel(null);
    setDrawer(false);
  };
  const startNew = () => {
    setActive({ id: newConversationId(), initial: [] });
    if (view !== 'chat') go('chat');
    setPanel(null);
    setDrawer(false);
  };
  const remove = (id: string) => {
    const list = store.remove(id);
    setConversations(list);
    if (id === active.id) setActive({ id: newConversationId(), initial: [] });
  };

  const title = conversations.find((c) => c.id === active.id)?.title ?? '新对话';
  return (
    <div className={`app${panel ? ' has-panel' : ''}`}>
      <aside className={`sidebar${drawer ? ' open' : ''}`} ref={sidebar}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            策
          </span>
          <span className="brand-text">
            <span className="brand-name">策问</span>
            <span className="brand-sub">政策文件问答 · 句句有出处</span>
          </span>
        </div>
        <nav className="page-nav" aria-label="页面">
          {(['chat', 'library', 'evaluation'] as View[]).map((v) => (
            <button key={v} type="button" className={`page-nav-item${view === v ? ' is-active' : ''}`} aria-current={view === v ? 'page' : undefined} onClick={() => go(v)}>
              {VIEW_TITLES[v]}
            </button>
          ))}
        </nav>
        <ConversationList conversations={conversations} activeId={view === 'chat' ? active.id : ''} onSelect={select} onNew={startNew} onDelete={remove} />
        <footer className="sidebar-foot">
          {health.state === 'ok' ? (
            <>
              资料库：{health.info.index.documents} 份文件 · {health.info.index.chunks} 个片段
              <br />
              回答方式：{health.info.model === 'extractive' ? '摘录原文（离线）' : health.info.model}
            </>
          ) : health.state === 'down' ? (
            '未连接到服务器'
          ) : (
            '正在连接…'
          )}
        </footer>
      </aside>
      {drawer && <div className="scrim" onClick={() => setDrawer(false)} aria-hidden="true" />}

      <main className="main">
        <header className="topbar">
          <button type="button" className="icon-btn menu-btn" onClick={() => setDrawer(true)} aria-label="打开历史对话">
            <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
              <path d="M3.5 6h13M3.5 10h13M3.5 14h13" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
            </svg>
          </button>
          <h1 className="topbar-title">{view === 'chat' ? title : VIEW_TITLES[view]}</h1>
          <button type="button" className="icon-btn new-btn" onClick={startNew} aria-label="开始新对话">
            <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
              <path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </header>
        {health.state === 'down' && (
          <div className="banner" role="alert">
            <span>{UNREACHABLE_MESSAGE}</span>
            <button type="button" className="btn" onClick={checkHealth}>
              重试连接
            </button>
          </div>
        )}
        {view === 'library' ? (
          <LibraryPage health={health.state === 'ok' ? health.info : undefined} onOpenDocument={onOpenDocument} onChanged={checkHealth} />
        ) : view === 'evaluation' ? (
          <EvaluationPage health={health.state === 'ok' ? health.info : undefined} />
        ) : (
          <ChatWindow
            key={active.id}
            conversationId={active.id}
            initialMessages={active.initial}
            onSave={onSave}
            onOpenCitation={onOpenCitation}
            onOpenDocument={onOpenDocument}
            onUnreachable={onUnreachable}
          />
        )}
      </main>

      {panel && (
        <SourcePanel target={panel.target} back={panel.back} onClose={closePanel} onNavigate={onNavigate} canConfirm={health.state === 'ok' && health.info.labels?.writable === true} />
      )}
    </div>
  );
}
