import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';

interface Props {
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  ref?: Ref<ComposerHandle>;
}

export interface ComposerHandle {
  focus: () => void;
}

const MAX_CHARS = 2000;

/** Enter sends, Shift+Enter starts a new line; Enter that confirms an IME candidate never sends. */
export function Composer({ busy, onSend, onStop, ref }: Props) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  const submit = () => {
    const q = text.trim();
    if (!q || busy) return;
    onSend(q);
    setText('');
    requestAnimationFrame(() => resize(area.current));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    submit();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="composer-box">
        <textarea
          ref={area}
          className="composer-input"
          aria-label="输入问题"
          placeholder="请输入关于政策文件的问题…"
          rows={1}
          maxLength={MAX_CHARS}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            resize(e.target);
          }}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button type="button" className="composer-btn composer-stop" onClick={onStop} aria-label="停止生成">
            <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
              <rect x="5" y="5" width="10" height="10" rx="2" fill="currentColor" />
            </svg>
          </button>
        ) : (
          <button type="submit" className="composer-btn" disabled={!text.trim()} aria-label="发送问题">
            <svg viewBox="0 0 20 20" aria-hidden="true" className="icon">
              <path d="M10 16V4M4.5 9.5 10 4l5.5 5.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        )}
      </div>
      <p className="composer-hint">Enter 发送，Shift + Enter 换行。回答只依据资料库中的文件，并注明出处。</p>
    </form>
  );
}

function resize(el: HTMLTextAreaElement | null) {
  if (!el) return;
  el.style.height = 'auto';
  el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
}
