/** The status line of an LLM answer (server/answer/model-status.ts). */
import { describe, expect, it } from 'vitest';
import { readModelStatus } from '../../server/answer/model-status.js';

describe('readModelStatus', () => {
  it('reads the three statuses in the forms models write them', () => {
    expect(readModelStatus('状态：已回答')).toEqual({ status: 'answered', rest: '' });
    expect(readModelStatus('状态: 最接近\n')).toEqual({ status: 'closest', rest: '' });
    expect(readModelStatus('**状态**：未找到')).toEqual({ status: 'not_found', rest: '' });
    expect(readModelStatus('Status: not_found')).toEqual({ status: 'not_found', rest: '' });
    expect(readModelStatus('状态：已回答。企业名称应当使用规范汉字。[1]')).toEqual({ status: 'answered', rest: '企业名称应当使用规范汉字。[1]' });
  });

  it('says nothing of a sentence that is not a status line', () => {
    expect(readModelStatus('企业名称应当使用规范汉字。[1]')).toBeUndefined();
    expect(readModelStatus('企业的状态：正常经营。[1]')).toBeUndefined();
  });

  it('reads a status it does not know as none, dropping its line', () => {
    expect(readModelStatus('状态：大概吧\n企业名称应当使用规范汉字。[1]')).toEqual({ rest: '企业名称应当使用规范汉字。[1]' });
    expect(readModelStatus('状态：？')).toEqual({ rest: '' });
  });
});
