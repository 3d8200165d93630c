/**
 * Progress on stderr while the audit works (issue 6: "which check, how many tokens collected"),
 * so stdout stays clean for `--json` and `--sarif`.
 *
 * @module
 */

/** Receives progress events. */
export interface Progress {
  /** A check starts. */
  check(index: number, total: number, id: string, title: string): void;
  /** A line of detail. */
  note(message: string): void;
  /** A counter, e.g. tokens collected. */
  count(label: string, done: number, total: number): void;
}

/** Progress that goes nowhere (library use, tests). */
export const silentProgress: Progress = { check() {}, note() {}, count() {} };

/** Where progress lines go. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Progress for a terminal: one line per check, counters redrawn in place on a TTY and printed
 * every 50 otherwise.
 *
 * @example
 * const progress = streamProgress(process.stderr);
 */
export function streamProgress(stream: ProgressStream): Progress {
  const tty = stream.isTTY === true;
  let open = false;
  const endLine = (): void => {
    if (open) stream.write('\n');
    open = false;
  };
  return {
    check(index, total, id, title) {
      endLine();
      stream.write(`[${index}/${total}] ${id}: ${title}\n`);
    },
    note(message) {
      endLine();
      stream.write(`      ${message}\n`);
    },
    count(label, done, total) {
      if (tty) {
        stream.write(`\r      ${label}: ${done}/${total}`);
        open = done < total;
        if (!open) stream.write('\n');
      } else if (done % 50 === 0 || done === total) {
        stream.write(`      ${label}: ${done}/${total}\n`);
      }
    },
  };
}
