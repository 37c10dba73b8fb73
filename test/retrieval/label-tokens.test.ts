/**
 * The token an answer carries for its citations (label-tokens.ts): it vouches for those chunks and that
 * question only, until it expires, and only on the server that signed it.
 */
import { describe, expect, it } from 'vitest';
import { LabelTokens } from '../../server/retrieval/learned/label-tokens.js';

describe('LabelTokens', () => {
  it('vouches for the cited chunks of its question until it expires', () => {
    let t = 1_000;
    const tokens = new LabelTokens(Buffer.alloc(32, 7), 60_000, () => t);
    const token = tokens.issue(' 个体户的债务谁来还？ ', ['d:1:0', 'd:2:0', 'd:1:0']);
    expect(tokens.verify(token, '个体户的债务谁来还？')).toEqual({ chunkIds: ['d:1:0', 'd:2:0'] });
    expect(tokens.verify(token, '别的问题')).toEqual({ error: expect.stringMatching(/another question/) });
    t += 60_001;
    expect(tokens.verify(token, '个体户的债务谁来还？')).toEqual({ error: expect.stringMatching(/expired/) });
  });

  it('refuses a token signed by another server, a tampered one and a malformed one', () => {
    const mine = new LabelTokens(Buffer.alloc(32, 1));
    const theirs = new LabelTokens(Buffer.alloc(32, 2));
    const token = theirs.issue('问题', ['d:1:0']);
    expect(mine.verify(token, '问题')).toEqual({ error: expect.stringMatching(/not one this server issued/) });
    const [body, sig] = mine.issue('问题', ['d:1:0']).split('.');
    const forged = Buffer.from(JSON.stringify({ q: JSON.parse(Buffer.from(body, 'base64url').toString()).q, c: ['d:9:0'], e: Date.now() + 1e6 })).toString('base64url');
    expect(mine.verify(`${forged}.${sig}`, '问题')).toEqual({ error: expect.stringMatching(/not one this server issued/) });
    expect(mine.verify('garbage', '问题')).toEqual({ error: expect.stringMatching(/malformed/) });
  });
});
