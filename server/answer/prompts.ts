/**
 * Prompt files (prompts/*.md), read once, and the formatting of numbered sources for the LLM.
 * Source text is data: the delimiters that frame it are removed from inside it, so a document cannot
 * close its own frame and pose as instructions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../embeddings/project-root.js';
import type { GivenSource } from './types.js';

export interface Prompts {
  answerSystem: string;
  answerUser: string;
  rewriteFollowup: string;
  rewriteQuery: string;
}

export const DEFAULT_PROMPTS_DIR = path.join(PROJECT_ROOT, 'prompts');

export function loadPrompts(dir = DEFAULT_PROMPTS_DIR): Prompts {
  const read = (name: string): string => {
    try {
      return readFileSync(path.join(dir, name), 'utf8');
    } catch (e) {
      throw new Error(`Prompt file ${path.join(dir, name)} is missing or unreadable; the prompts/ folder ships with the project.`, { cause: e });
    }
  };
  return {
    answerSystem: read('answer-system.md'),
    answerUser: read('answer-user.md'),
    rewriteFollowup: read('rewrite-followup.md'),
    rewriteQuery: read('rewrite-query.md'),
  };
}

const FRAME = /<<<|>>>/g;

function defang(text: string): string {
  return text.replace(FRAME, '‹‹‹');
}

export function formatSource(s: GivenSource): string {
  const meta = [
    `《${s.doc.title}》`,
    s.doc.docNo ? `文号：${s.doc.docNo}` : '',
    s.doc.date ? `日期：${s.doc.date}` : '',
    s.chunk.label && s.chunk.label !== '正文' ? `条款：${s.chunk.label}` : '',
    s.chunk.headingPath.length ? `（${s.chunk.headingPath.join(' > ')}）` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const text = s.chunk.text.replace(/[ \t]*\n[ \t]*/g, '\n').trim();
  return `<<<资料 ${s.n}>>>\n[${s.n}] ${defang(meta)}\n${defang(text)}\n<<<资料 ${s.n} 结束>>>`;
}

export function answerUserMessage(prompts: Prompts, question: string, sources: GivenSource[]): string {
  return prompts.answerUser.replace('{{sources}}', () => sources.map(formatSource).join('\n\n')).replace('{{question}}', () => defang(question));
}
