/**
 * Shows ProgressFn events: a cli-progress bar per stage on a terminal (with time left), and plain,
 * throttled lines otherwise (CI logs, pipes), so a long ingest is never silent and never floods.
 */
import cliProgress from 'cli-progress';
import type { ProgressFn } from './types.js';

export interface ProgressReporter {
  onProgress: ProgressFn;
  /** A line of its own (does not break a running bar). */
  log(line: string): void;
  /** Closes the current bar. */
  done(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  let stage = '';
  const close = () => {
    bar?.stop();
    bar = undefined;
    stage = '';
  };
  return {
    onProgress(e) {
      if (e.stage !== stage) {
        close();
        stage = e.stage;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${e.stage.padEnd(16)} [{bar}] {value}/{total} | {duration_formatted} elapsed, ~{eta_formatted} left`,
            hideCursor: true,
            etaBuffer: 50,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(e.total, 1), e.done);
      }
      bar?.setTotal(Math.max(e.total, 1));
      bar?.update(e.done);
      if (e.done >= e.total) close();
    },
    log(line) {
      close();
      stream.write(`${line}\n`);
    },
    done: close,
  };
}

function lineReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let stage = '';
  let stageStart = 0;
  let lastAt = 0;
  let lastShare = -1;
  return {
    onProgress(e) {
      const now = Date.now();
      if (e.stage !== stage) {
        stage = e.stage;
        stageStart = now;
        lastAt = 0;
        lastShare = -1;
      }
      const share = e.total > 0 ? e.done / e.total : 1;
      const finished = e.done >= e.total;
      // One line per 10 % or 5 s, and one at the end of the stage.
      if (!finished && share - lastShare < 0.1 && now - lastAt < 5000) return;
      lastAt = now;
      lastShare = share;
      const elapsed = (now - stageStart) / 1000;
      const left = share > 0 && !finished ? ` (~${Math.ceil((elapsed / share) * (1 - share))} s left)` : '';
      stream.write(`${e.stage}: ${e.done}/${e.total}${finished ? ` in ${elapsed.toFixed(1)} s` : left}\n`);
    },
    log(line) {
      stream.write(`${line}\n`);
    },
    done() {},
  };
}
