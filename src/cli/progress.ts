/**
 * A spinner with the elapsed seconds on stderr while a call (or a download) is in flight. Only on a
 * terminal: nothing when stderr is a pipe or a file, and nothing in --json mode (the caller decides).
 */
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface Progress {
  /** Shows the spinner with this label (again, after `stop`), keeping the clock. */
  update(label: string): void;
  /** Clears the line, so that other output can be written. */
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function startProgress(label: string, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return silent;
  const started = Date.now();
  let frame = 0;
  let current = label;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current} ${seconds}s`);
  };
  const progress: Progress = {
    update(next) {
      current = next;
      if (!timer) {
        timer = setInterval(draw, 100);
        timer.unref();
      }
      draw();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      stream.write("\r\x1b[2K");
    },
  };
  progress.update(label);
  return progress;
}
