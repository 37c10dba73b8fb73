/**
 * The project's root folder (the one holding Cewen's package.json), found from wherever this code runs:
 * the TypeScript sources under tsx, or the precompiled server bundle in dist/. Files the code reads at
 * run time (prompts/, web/dist/, the indexing sources it fingerprints) are located from here, so both
 * ways of running read the same files and agree on whether an index is current.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'cewen';

export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && isOurs(pkg)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find Cewen's package.json above ${from}; run Cewen from its project folder.`);
  }
}

function isOurs(pkgFile: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
