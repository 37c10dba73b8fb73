/**
 * One conversation: the message list, the composer, and the chat state from `useChat`.
 * Mounted with `key={conversationId}`, so switching conversations starts a fresh Chat.
 */
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { describeChatError } from '../api';
import { textOf } from '../message-parts';
import type { CewenMessage, Citation, DocSummary } from '../types';
import { Composer, type ComposerHandle } from './composer';
import { EmptyState } from './empty-state';
import { AssistantMessage, PendingNotice, UserMessage } from './message';

/** Follow-up rewriting needs only recent turns, and only their text. */
const HISTORY_MESSAGES = 12;

const transport = new DefaultChatTransport<CewenMessage>({
  api: '/api/chat',
  prepareSendMessagesRequest: ({ id, messages, trigger, messageId, body }) => ({
    body: {
      ...body,
      id,
      trigger,
      messageId,
      messages: messages.slice(-HISTORY_MESSAGES).map((m) => ({
        id: m.id,
        role: m.role,
        parts: m.parts.filter((p) => p.type === 'text'),
      })),
    },
  }),
});

interface Props {
  conversationId: string;
  initialMessages: CewenMessage[];
  onSave: (id: string, messages: CewenMessage[]) => void;
  /** `question` is the one the citing answer answered. */
  onOpenCitation: (citation: Citation, question?: string, labelToken?: string) => void;
  onOpenDocument: (doc: DocSummary) => void;
  onUnreachable: () => void;
}

export function ChatWindow({ conversationId, initialMessages, onSave, onOpenCitation, onOpenDocument, onUnreachable }: Props) {
  const { messages, sendMessage, status, stop, regenerate, error } = useChat<CewenMessage>({
    id: conversationId,
    messages: initialMessages,
    transport,
    experimental_throttle: 50,
  });
  const busy = status === 'submitted' || status === 'streaming';
  const composer = useRef<ComposerHandle>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  usePersist(conversationId, messages, busy, onSave);

  // Leaving a conversation (new conversation, another one, closing the tab) ends its running answer.
  const stopRef = useRef(stop);
  stopRef.current = stop;
  useEffect(() => () => void stopRef.current(), []);

  useEffect(() => composer.current?.focus(), []);

  const chatError = error ? describeChatError(error) : undefined;
  useEffect(() => {
    if (chatError?.unreachable) onUnreachable();
  }, [chatError?.unreachable, onUnreachable]);

  // Follow the answer as it streams, unless the reader has scrolled up to read something else.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages, status]);

  const ask = useCallback(
    (text: string) => {
      stick.current = true;
      void sendMessage({ text });
      // An example question was clicked: its button is gone, so keep the keyboard in the composer.
      composer.current?.focus();
    },
    [sendMessage],
  );
  const retry = useCallback(() => {
    stick.current = true;
    void regenerate();
  }, [regenerate]);

  const last = messages[messages.length - 1];
  return (
    <div className="chat">
      <div
        className="chat-scroll"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {messages.length === 0 ? (
          <EmptyState onAsk={ask} />
        ) : (
          <div className="messages" role="log" aria-live="polite" aria-relevant="additions text" aria-label="对话记录">
            {messages.map((m, i) =>
              m.role === 'user' ? (
                <UserMessage key={m.id} message={m} />
              ) : (
                <AssistantMessage
                  key={m.id}
                  message={m}
                  asked={askedBefore(messages, i)}
                  streaming={busy && m === last}
                  onRegenerate={!busy && m === last ? retry : undefined}
                  onOpenCitation={onOpenCitation}
                  onOpenDocument={onOpenDocument}
                />
              ),
            )}
            {status === 'submitted' && last?.role === 'user' && (
              <article className="msg msg-assistant" aria-busy="true">
                <PendingNotice />
              </article>
            )}
            {chatError && (
              <div className="chat-error" role="alert">
                <p>{chatError.message}</p>
                <button type="button" className="btn" onClick={retry}>
                  重试
                </button>
              </div>
            )}
          </div>
        )}
      </div>
      <div className="chat-compose">
        <Composer ref={composer} busy={busy} onSend={ask} onStop={() => void stop()} />
      </div>
    </div>
  );
}

/** What the user typed before the answer at `index`. */
function askedBefore(messages: CewenMessage[], index: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) if (messages[i].role === 'user') return textOf(messages[i]).trim() || undefined;
  return undefined;
}

/** Saves after each finished answer, and at most every second while one streams in. */
function usePersist(id: string, messages: CewenMessage[], busy: boolean, onSave: Props['onSave']) {
  const latest = useRef(messages);
  latest.current = messages;
  // Only changes are saved: opening a conversation to read it does not move it to the top of the list.
  const saved = useRef(messages);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (latest.current === saved.current) return;
    saved.current = latest.current;
    onSave(id, latest.current);
  }, [id, onSave]);

  useEffect(() => {
    if (!busy) flush();
    else if (!timer.current) timer.current = setTimeout(flush, 1000);
  }, [messages, busy, flush]);

  useEffect(() => flush, [flush]);
}
