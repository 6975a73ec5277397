/**
 * A one-line progress display on stderr: the step, what it is doing, and the time so far.
 * On a terminal the line redraws in place with a spinner; in a log (CI, a pipe) each
 * change is one plain line, so nothing is lost and nothing is garbled.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  step(name: string): void;
  update(message: string): void;
  done(): void;
}

export function createProgress(totalSteps: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const live = stream.isTTY === true;
  let index = 0;
  let name = '';
  let message = '';
  let frame = 0;
  let stepStarted = started;
  const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)}s`;
  const line = () =>
    `[${index}/${totalSteps}] ${name}${message ? ` — ${message}` : ''} (${seconds(stepStarted)}, total ${seconds(started)})`;
  const draw = () => {
    if (!live) return;
    frame = (frame + 1) % FRAMES.length;
    const text = `${FRAMES[frame]} ${line()}`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  const timer = live ? setInterval(draw, 100) : undefined;
  timer?.unref();

  const finishStep = () => {
    if (!name) return;
    if (live) stream.write('\r\x1b[2K');
    stream.write(`✓ [${index}/${totalSteps}] ${name} (${seconds(stepStarted)})\n`);
  };

  return {
    step(next) {
      finishStep();
      index += 1;
      name = next;
      message = '';
      stepStarted = Date.now();
      if (live) draw();
      else stream.write(`… [${index}/${totalSteps}] ${name}\n`);
    },
    update(next) {
      message = next;
      if (live) draw();
      else stream.write(`    ${next} (${seconds(stepStarted)})\n`);
    },
    done() {
      finishStep();
      name = '';
      if (timer) clearInterval(timer);
      stream.write(`Finished in ${seconds(started)}.\n`);
    },
  };
}
