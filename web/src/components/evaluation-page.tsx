/**
 * 评测: run an evaluation set (the eval CLI's JSONL format) against this server and read its report —
 * the figures, each item's answer and citations, and the CLI's full HTML report, compared with an
 * earlier run if one is chosen. A bad set is refused with its lines, as the CLI refuses it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { listEvaluations, getEvaluation, startEvaluation, type EvaluationRunView, ApiError } from '../api';
import type { HealthView } from '../types';

const FIGURES: [string, string, 'rate' | 'ms' | 'count'][] = [
  ['hit1', 'hit@1', 'rate'],
  ['hit5', 'hit@5', 'rate'],
  ['hit10', 'hit@10', 'rate'],
  ['mrr10', 'MRR@10', 'rate'],
  ['evidenceCited', '出示证据', 'rate'],
  ['answeredRate', '直接回答', 'rate'],
  ['notFoundRate', '未找到（可答题）', 'rate'],
  ['confidentWrong', '回答有误', 'rate'],
  ['refusalRate', '不可答题未回答', 'rate'],
  ['answerChars', '回答长度中位数', 'count'],
  ['answerP95', '回答耗时 p95（ms）', 'ms'],
];

const STATUS: Record<string, string> = { answered: '直接回答', closest: '最接近的规定', not_found: '未找到' };

function format(v: number | null | undefined, kind: 'rate' | 'ms' | 'count'): string {
  if (v === null || v === undefined) return '—';
  return kind === 'rate' ? v.toFixed(3) : kind === 'ms' ? v.toFixed(1) : String(Math.round(v));
}

export function EvaluationPage({ health }: { health?: HealthView }) {
  const [runs, setRuns] = useState<EvaluationRunView[]>([]);
  const [current, setCurrent] = useState<EvaluationRunView | null>(null);
  const [problems, setProblems] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [against, setAgainst] = useState('');
  const picker = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => {
    listEvaluations().then(
      (r) => setRuns(r.runs),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(refresh, [refresh]);

  // Follows the current run until it is done.
  useEffect(() => {
    if (!current || current.state === 'done' || current.state === 'failed') return;
    const timer = setInterval(() => {
      getEvaluation(current.id).then(
        (r) => {
          setCurrent(r);
          if (r.state === 'done' || r.state === 'failed') refresh();
        },
        () => {},
      );
    }, 700);
    return () => clearInterval(timer);
  }, [current, refresh]);

  const run = async (file: File) => {
    setProblems(null);
    setError(null);
    try {
      const started = await startEvaluation(file.name, await file.text());
      setCurrent(started);
      setAgainst('');
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.problems) setProblems(e.problems.map((p) => (p.line > 0 ? `第 ${p.line} 行：${p.message}` : p.message)));
      else setError(e instanceof Error ? e.message : String(e));
    }
  };

  const open = (id: string) => {
    setAgainst('');
    getEvaluation(id).then(setCurrent, (e: Error) => setError(e.message));
  };

  const earlier = runs.filter((r) => r.state === 'done' && r.id !== current?.id);
  return (
    <div className="evaluation">
      <div className="library-head">
        <h2 className="page-title">评测</h2>
        <p className="page-sub">
          上传评测集（每行一个 JSON：question、answer、evidence、doc、type、keywords，与命令行 npm run eval 相同），在本服务器上逐题检索并回答，得到与命令行相同的报告。
          {health ? ` 当前资料库 ${health.index.documents} 份文件。` : ''}
        </p>
      </div>
      <div className="dropzone">
        <button type="button" className="btn" onClick={() => picker.current?.click()}>
          选择评测集（.jsonl）
        </button>
        <input
          ref={picker}
          type="file"
          accept=".jsonl,application/jsonl,application/x-ndjson,text/plain"
          hidden
          data-testid="eval-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void run(f);
          }}
        />
      </div>
      {problems && (
        <div className="notice" role="alert">
          评测集有误，未运行：
          <ul className="problem-list">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}

      {current && (
        <section className="eval-run" aria-label="评测结果">
          <h3 className="sources-title">
            {current.name} · {new Date(current.createdAt).toLocaleString('zh-CN')}
          </h3>
          {current.state !== 'done' ? (
            <div className="eval-progress">
              <progress max={current.total} value={current.done} aria-label="评测进度" />
              <span role="status">
                {current.state === 'failed'
                  ? `评测失败：${current.error}`
                  : current.state === 'queued'
                    ? '排队中…'
                    : `已完成 ${current.done} / ${current.total} 题，${current.failed} 题未通过`}
              </span>
            </div>
          ) : (
            <>
              <table className="doc-table eval-figures">
                <tbody>
                  {FIGURES.map(([key, label, kind]) => (
                    <tr key={key}>
                      <th scope="row">{label}</th>
                      <td>{format(current.overall?.[key], kind)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="eval-links">
                <a href={`/api/evaluations/${current.id}/report.html${against ? `?against=${against}` : ''}`} target="_blank" rel="noopener noreferrer">
                  查看完整报告{against ? '（含对比）' : ''}
                </a>
                {earlier.length > 0 && (
                  <label>
                    与之前的评测对比：
                    <select value={against} onChange={(e) => setAgainst(e.target.value)} aria-label="对比的评测">
                      <option value="">不对比</option>
                      {earlier.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name} · {new Date(r.createdAt).toLocaleString('zh-CN')}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </p>
              <ol className="eval-items">
                {(current.items ?? []).map((it) => (
                  <li key={it.id} className={it.failures.length ? 'is-failed' : undefined}>
                    <details>
                      <summary>
                        <span className="eval-status">{STATUS[it.status] ?? it.status}</span>
                        {it.type !== 'unanswerable' && <span className={it.evidenceShown ? 'eval-ok' : 'eval-miss'}>{it.evidenceShown ? '✓ 证据' : '✗ 证据'}</span>}
                        {it.question}
                      </summary>
                      <p className="answer-text">{it.answer}</p>
                      {it.citations.length > 0 && (
                        <ul>
                          {it.citations.map((c) => (
                            <li key={c.n}>
                              [{c.n}] 《{c.docTitle}》{c.article}
                              {c.containsEvidence ? ' · 含证据' : ''}
                            </li>
                          ))}
                        </ul>
                      )}
                      {it.failures.length > 0 && <p className="source-warn">{it.failures.join('；')}</p>}
                    </details>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}

      {runs.length > 0 && (
        <section aria-label="之前的评测">
          <h3 className="sources-title">评测记录</h3>
          <ul className="eval-runs">
            {runs.map((r) => (
              <li key={r.id}>
                <button type="button" className="linklike" onClick={() => open(r.id)}>
                  {r.name}
                </button>{' '}
                · {new Date(r.createdAt).toLocaleString('zh-CN')} · {r.state === 'done' ? `${r.total} 题，${r.failed} 题未通过` : r.state}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
