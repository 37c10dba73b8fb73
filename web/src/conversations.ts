/**
 * Conversations kept in the browser (localStorage), so a reload or a closed tab loses nothing.
 * One key holds the list, one key per conversation holds its messages: saving the conversation
 * being typed in never rewrites the others.
 */
import type { CewenMessage } from './types';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const INDEX_KEY = 'cewen.conversations.v1';
const MESSAGES_KEY = (id: string) => `cewen.conversation.v1.${id}`;
/** Enough history to be useful; old conversations go first when the browser's quota runs out. */
const MAX_CONVERSATIONS = 50;

export function titleOf(messages: CewenMessage[]): string {
  const first = messages.find((m) => m.role === 'user');
  const text =
    first?.parts
      .map((p) => (p.type === 'text' ? p.text : ''))
      .join('')
      .trim() ?? '';
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine || '新对话';
}

export class ConversationStore {
  constructor(private readonly storage: KeyValueStore) {}

  list(): ConversationSummary[] {
    const raw = this.read<unknown>(INDEX_KEY);
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((c): c is ConversationSummary => !!c && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.updatedAt === 'number')
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  load(id: string): CewenMessage[] {
    const raw = this.read<unknown>(MESSAGES_KEY(id));
    if (!Array.isArray(raw)) return [];
    return raw.filter((m): m is CewenMessage => !!m && typeof m.id === 'string' && typeof m.role === 'string' && Array.isArray(m.parts));
  }

  /** Saves the messages and moves the conversation to the top; an empty conversation is not listed. */
  save(id: string, messages: CewenMessage[], now = Date.now()): ConversationSummary[] {
    if (messages.length === 0) return this.list();
    const others = this.list().filter((c) => c.id !== id);
    const list = [{ id, title: titleOf(messages), updatedAt: now }, ...others];
    for (const dropped of list.splice(MAX_CONVERSATIONS)) this.storage.removeItem(MESSAGES_KEY(dropped.id));
    // On a full quota, give up the oldest conversations one by one rather than the current one.
    for (;;) {
      try {
        this.storage.setItem(MESSAGES_KEY(id), JSON.stringify(messages));
        this.storage.setItem(INDEX_KEY, JSON.stringify(list));
        return list;
      } catch {
        const oldest = list.length > 1 ? list.pop() : undefined;
        if (!oldest) return list;
        this.storage.removeItem(MESSAGES_KEY(oldest.id));
      }
    }
  }

  remove(id: string): ConversationSummary[] {
    const list = this.list().filter((c) => c.id !== id);
    this.storage.removeItem(MESSAGES_KEY(id));
    this.write(INDEX_KEY, list);
    return list;
  }

  private read<T>(key: string): T | undefined {
    try {
      const text = this.storage.getItem(key);
      return text ? (JSON.parse(text) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private write(key: string, value: unknown): void {
    try {
      this.storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled (private mode): the conversation still works, it just is not kept.
    }
  }
}

/** localStorage when the browser allows it, else an in-memory stand-in. */
export function browserStore(): ConversationStore {
  try {
    const probe = '__cewen_probe__';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return new ConversationStore(window.localStorage);
  } catch {
    const mem = new Map<string, string>();
    return new ConversationStore({
      getItem: (k) => mem.get(k) ?? null,
      setItem: (k, v) => void mem.set(k, v),
      removeItem: (k) => void mem.delete(k),
    });
  }
}

export function newConversationId(): string {
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
