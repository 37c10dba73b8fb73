/**
 * Reads an evaluation set (JSONL, one item a line) and validates every line, so a bad set
 * fails before a long run starts, with every problem listed by line number.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { QUESTION_TYPES, type EvalItem } from './types.js';

export interface SetProblem {
  line: number;
  message: string;
}

/** A set that cannot be run; `problems` are in line order. */
export class EvalSetError extends Error {
  readonly problems: SetProblem[];
  constructor(file: string, problems: SetProblem[]) {
    const shown = problems.slice(0, 20).map((p) => (p.line > 0 ? `  line ${p.line}: ${p.message}` : `  ${p.message}`));
    if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
    super(`Invalid evaluation set ${file}:\n${shown.join('\n')}`);
    this.name = 'EvalSetError';
    this.problems = problems;
  }
}

const REQUIRED = ['id', 'question', 'answer', 'evidence', 'doc', 'type', 'keywords'] as const;

const itemSchema = z.object({
  id: z.string().trim().min(1, 'must be a non-empty string'),
  question: z.string().trim().min(1, 'must be a non-empty string'),
  answer: z.string(),
  evidence: z.array(z.string().trim().min(1, 'must not be an empty quote')),
  // Unanswerable items have no source document; null is accepted there as well as "".
  doc: z.string().nullable(),
  type: z.enum(QUESTION_TYPES),
  keywords: z.array(z.string()),
  tags: z.array(z.string()).optional(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const [field, ...rest] = issue.path;
  const where = rest.length ? `"${String(field)}" item ${Number(rest[0]) + 1}` : `"${String(field)}"`;
  if (issue.code === 'invalid_type') return `field ${where} must be ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}`;
  return `field ${where} ${issue.message}`;
}

/** Validates the lines of a set; returns the items or throws EvalSetError listing every problem. */
export function parseSet(text: string, file = 'set'): EvalItem[] {
  const problems: SetProblem[] = [];
  const items: EvalItem[] = [];
  const firstLineOfId = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, message: `invalid JSON (${(err as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, message: 'expected a JSON object {"id","question","answer","evidence","doc","type","keywords"}' });
      return;
    }
    const record = value as Record<string, unknown>;
    const missing = REQUIRED.filter((key) => !(key in record) && !(key === 'doc' && record.type === 'unanswerable'));
    if (missing.length) {
      problems.push({ line, message: `missing field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}` });
      return;
    }
    const parsed = itemSchema.safeParse({ doc: null, ...record });
    if (!parsed.success) {
      const typeIssue = parsed.error.issues.find((i) => i.path[0] === 'type' && i.code === 'invalid_value');
      for (const issue of parsed.error.issues) {
        problems.push({
          line,
          message: issue === typeIssue ? `unknown type ${JSON.stringify(record.type)}; expected one of ${QUESTION_TYPES.join(', ')}` : describeIssue(issue),
        });
      }
      return;
    }
    const item = parsed.data;
    if (item.type === 'unanswerable' && item.evidence.length > 0) {
      problems.push({ line, message: `type "unanswerable" must have "evidence": [] (found ${item.evidence.length} quote${item.evidence.length > 1 ? 's' : ''})` });
      return;
    }
    if (item.type !== 'unanswerable' && item.evidence.length === 0) {
      problems.push({ line, message: `type "${item.type}" needs at least one evidence quote` });
      return;
    }
    const first = firstLineOfId.get(item.id);
    if (first !== undefined) {
      problems.push({ line, message: `duplicate id "${item.id}" (first on line ${first})` });
      return;
    }
    firstLineOfId.set(item.id, line);
    items.push({ ...item, doc: item.doc ?? '', line });
  });

  if (problems.length) throw new EvalSetError(file, problems);
  if (items.length === 0) throw new EvalSetError(file, [{ line: 0, message: 'the set is empty: no items (one JSON object a line)' }]);
  return items;
}

/** Reads and validates a set file. */
export async function loadSet(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EvalSetError(file, [{ line: 0, message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? (err as Error).message})` }]);
  }
  return parseSet(text, file);
}
