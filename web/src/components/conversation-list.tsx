import type { ConversationSummary } from '../conversations';

interface Props {
  conversations: ConversationSummary[];
  activeId: string;
  onSelect: (id: string) => void;
  onNew: () => void;
  onDelete: (id: string) => void;
}

export function ConversationList({ conversations, activeId, onSelect, onNew, onDelete }: Props) {
  return (
    <nav className="convos" aria-label="历史对话">
      <button type="button" className="btn btn-new" onClick={onNew} aria-label="开始新对话">
        <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
          <path d="M10 4v12M4 10h12" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        新对话
      </button>
      {conversations.length > 0 && <h2 className="convos-title">历史对话</h2>}
      <ul className="convos-list">
        {conversations.map((c) => (
          <li key={c.id} className={c.id === activeId ? 'active' : undefined}>
            <button type="button" className="convo" onClick={() => onSelect(c.id)} aria-current={c.id === activeId ? 'page' : undefined} title={c.title}>
              {c.title}
            </button>
            <button type="button" className="convo-delete" onClick={() => onDelete(c.id)} aria-label={`删除对话：${c.title}`}>
              <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
                <path d="M6 6l8 8M14 6l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
