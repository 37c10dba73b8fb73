/**
 * A per-client limit on a route that writes: at most `perMinute` requests a minute from one address
 * (a sliding window of timestamps), so a script cannot flood the labels file. In memory: a restart
 * forgets it, which is fine for a limit that protects against bursts.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request from `client`; false (and the seconds to wait) when over the limit. */
  take(client: string): { ok: true } | { ok: false; retryAfter: number } {
    const t = this.now();
    const recent = (this.seen.get(client) ?? []).filter((s) => t - s < 60_000);
    if (recent.length >= this.perMinute) {
      this.seen.set(client, recent);
      return { ok: false, retryAfter: Math.ceil((60_000 - (t - recent[0])) / 1000) };
    }
    recent.push(t);
    this.seen.set(client, recent);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value as string);
    return { ok: true };
  }
}

/** The client's address as the socket says (not a header a client could set); `local` in-process. */
export function clientOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}
