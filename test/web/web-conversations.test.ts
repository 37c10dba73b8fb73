/** Conversations kept in the browser: listing, ordering, titles, a full quota, damaged entries. */
import { describe, expect, it } from 'vitest';
import { ConversationStore, titleOf } from '../../web/src/conversations';
import type { CewenMessage } from '../../web/src/types';

class MemoryStorage {
  readonly map = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.map].reduce((n, [key, val]) => n + (key === k ? 0 : val.length), 0);
    if (used + v.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const user = (id: string, text: string): CewenMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const answer = (id: string, text: string): CewenMessage => ({
  id,
  role: 'assistant',
  parts: [
    { type: 'data-citations', data: [] },
    { type: 'text', text },
  ],
});

describe('ConversationStore', () => {
  it('keeps messages with their data parts and lists the latest conversation first', () => {
    const store = new ConversationStore(new MemoryStorage());
    store.save('a', [user('1', '小微企业所得税有什么优惠？'), answer('2', '减按25%计入[1]')], 1000);
    store.save('b', [user('3', '即时配送行业有哪些支持政策？')], 2000);
    expect(store.list().map((c) => c.id)).toEqual(['b', 'a']);
    expect(store.load('a')).toEqual([user('1', '小微企业所得税有什么优惠？'), answer('2', '减按25%计入[1]')]);

    store.save('a', [user('1', '小微企业所得税有什么优惠？')], 3000);
    expect(store.list().map((c) => c.id)).toEqual(['a', 'b']);
    expect(store.list()[0].title).toBe('小微企业所得税有什么优惠？');
  });

  it('does not list an empty conversation, and forgets a removed one', () => {
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage);
    store.save('empty', []);
    expect(store.list()).toEqual([]);
    store.save('a', [user('1', '问题')]);
    store.remove('a');
    expect(store.list()).toEqual([]);
    expect(store.load('a')).toEqual([]);
    expect([...storage.map.keys()].some((k) => k.endsWith('.a'))).toBe(false);
  });

  it('gives up the oldest conversations when the quota is full, never the current one', () => {
    const store = new ConversationStore(new MemoryStorage(1500));
    const big = '政'.repeat(300);
    for (let i = 0; i < 6; i++) store.save(`c${i}`, [user(`u${i}`, `${i}${big}`)], i);
    const ids = store.list().map((c) => c.id);
    expect(ids[0]).toBe('c5');
    expect(ids).not.toContain('c0');
    expect(store.load('c5')[0].id).toBe('u5');
  });

  it('ignores damaged entries instead of failing', () => {
    const storage = new MemoryStorage();
    storage.setItem('cewen.conversations.v1', '{not json');
    storage.setItem('cewen.conversation.v1.x', JSON.stringify([{ nope: 1 }, user('1', '好的')]));
    const store = new ConversationStore(storage);
    expect(store.list()).toEqual([]);
    expect(store.load('x')).toEqual([user('1', '好的')]);
  });

  it('titles a conversation by its first question, on one line and shortened', () => {
    expect(titleOf([user('1', '企业名称\n有哪些要求？')])).toBe('企业名称 有哪些要求？');
    expect(titleOf([user('1', '问'.repeat(60))])).toBe(`${'问'.repeat(40)}…`);
    expect(titleOf([])).toBe('新对话');
  });
});
