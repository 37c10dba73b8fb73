import { EXAMPLE_QUESTIONS } from '../examples';

export function EmptyState({ onAsk }: { onAsk: (q: string) => void }) {
  return (
    <div className="empty">
      <div className="empty-mark" aria-hidden="true">
        策
      </div>
      <h2 className="empty-title">查政策，问出处</h2>
      <p className="empty-lead">用中文提问，策问从资料库中的政策文件里找出答案，每一句都标注引自哪份文件的哪一条。</p>
      <h3 className="visually-hidden">示例问题</h3>
      <ul className="examples">
        {EXAMPLE_QUESTIONS.map((q) => (
          <li key={q}>
            <button type="button" className="example" onClick={() => onAsk(q)}>
              {q}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
