/** Progress of a run on stderr: a bar on a terminal, a few plain lines otherwise (CI logs, pipes). */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, failed: number): void;
  stop(): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} · {eta_formatted} left · {failed} failed`, stream, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failed: 0 });
    return {
      update: (done, _total, failed) => bar.update(done, { failed }),
      stop: () => bar.stop(),
    };
  }
  // About ten lines per run, plus the last one.
  const every = Math.max(1, Math.ceil(total / 10));
  const started = Date.now();
  return {
    update(done, all, failed) {
      if (done % every !== 0 && done !== all) return;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${label} ${done}/${all} items · ${failed} failed · ${secs} s\n`);
    },
    stop() {},
  };
}
