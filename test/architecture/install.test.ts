/**
 * The install as a fresh clone gets it (issue 18, point 11): no `legacy-peer-deps` or other npm flags in the
 * repository, every installed package satisfies the tree (`npm ls --all` exits 0: no invalid or missing
 * peer), and no installed package declares an engine this project's `engines` does not promise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Whether the range requires more than Node 20.19 (e.g. ">=22", "^22 || ^24"): a crude reading of what packages write. */
function needsNewerThan20(range: string): boolean {
  const alternatives = range.split('||').map((a) => a.trim());
  return !alternatives.some((a) => {
    const m = /^(?:>=|\^|~)?\s*v?(\d+)(?:\.(\d+))?/.exec(a);
    if (!m) return a === '*' || a === '';
    const major = Number(m[1]);
    return major < 20 || (major === 20 && Number(m[2] ?? 0) <= 19);
  });
}

describe('install', () => {
  it('needs no npm flags: no .npmrc asking for legacy peer resolution', () => {
    const rc = path.join(ROOT, '.npmrc');
    if (existsSync(rc)) expect(readFileSync(rc, 'utf8')).not.toMatch(/legacy-peer-deps|force/);
  });

  it('has a consistent tree: npm ls --all exits 0', () => {
    expect(() => execFileSync('npm', ['ls', '--all'], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 })).not.toThrow();
  });

  it('installs no package that requires a newer Node than 20.19', () => {
    expect(needsNewerThan20('>=22')).toBe(true);
    expect(needsNewerThan20('^22 || ^24 || >=26')).toBe(true);
    expect(needsNewerThan20('>=20.19.0 || >=22.13.0 || >=24')).toBe(false);
    expect(needsNewerThan20('^18 || >=20')).toBe(false);
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.')) continue;
        const full = path.join(dir, name);
        if (name.startsWith('@')) {
          visit(full);
          continue;
        }
        const pkg = path.join(full, 'package.json');
        if (!existsSync(pkg)) continue;
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
        if (json.engines?.node && needsNewerThan20(json.engines.node)) offenders.push(`${json.name}@${json.version} (${json.engines.node})`);
        const nested = path.join(full, 'node_modules');
        if (existsSync(nested)) visit(nested);
      }
    };
    visit(path.join(ROOT, 'node_modules'));
    expect(offenders).toEqual([]);
  });
});
