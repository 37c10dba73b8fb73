/**
 * A confirmation counts only for an article the server itself showed for that question: each answer
 * carries a short-lived token, signed with a secret of this process (HMAC-SHA256), naming the question
 * and the chunks it cited. POST /api/labels checks it, so another site — or a script — cannot teach the
 * ranking pairs nobody was shown. A restart makes older tokens invalid, which only costs a re-ask.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a token stays valid after its answer. */
export const LABEL_TOKEN_TTL_MS = 60 * 60 * 1000;

interface Payload {
  /** sha-256 of the question (the token need not carry the text). */
  q: string;
  /** The cited chunk ids. */
  c: string[];
  /** Expiry, ms since the epoch. */
  e: number;
}

const digest = (question: string) => createHash('sha256').update(question.trim()).digest('base64url');

export class LabelTokens {
  constructor(
    private readonly secret: Buffer = randomBytes(32),
    private readonly ttlMs = LABEL_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  /** A token for `question`, answered by citing `chunkIds`. */
  issue(question: string, chunkIds: readonly string[]): string {
    const payload: Payload = { q: digest(question), c: [...new Set(chunkIds)], e: this.now() + this.ttlMs };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The chunk ids a token vouches for, for this question; or why it does not count. */
  verify(token: string, question: string): { chunkIds: string[] } | { error: string } {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return { error: 'The confirmation token is malformed.' };
    const want = Buffer.from(this.sign(body));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got))
      return { error: 'The confirmation token is not one this server issued (or the server restarted): ask the question again.' };
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { error: 'The confirmation token is malformed.' };
    }
    if (payload.e < this.now()) return { error: 'The confirmation token has expired: ask the question again.' };
    if (payload.q !== digest(question)) return { error: 'The confirmation token was issued for another question.' };
    return { chunkIds: payload.c };
  }
}
