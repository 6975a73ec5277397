/**
 * Reads Chromium's accessibility tree the way screen readers on Linux do: over AT-SPI,
 * through tests/support/atspi-tree.py (one long-lived python3 process per desktop).
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Desktop } from './desktop.ts';

export interface AtspiControl {
  role: string;
  id: string;
  name: string;
  description: string;
  states: string[];
  /** The language and direction Chromium reports for the control's text ("ar", "rl"). */
  language: string;
  direction: string;
}

export interface AtspiDocument {
  controls: AtspiControl[];
  focused: AtspiControl | null;
  language: string;
  /** How long the read took inside the helper, for the report (not asserted). */
  seconds: number;
}

const HELPER = fileURLToPath(new URL('./atspi-tree.py', import.meta.url));

export class AtspiReader {
  private lines: string[] = [];
  private waiting: ((line: string) => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        const next = this.waiting.shift();
        if (next) next(line);
        else this.lines.push(line);
      }
    });
  }

  static async start(desktop: Desktop): Promise<AtspiReader> {
    const child = desktop.spawn('/usr/bin/python3', [HELPER]);
    const reader = new AtspiReader(child);
    const ready = JSON.parse(await reader.next()) as { ready?: boolean };
    if (!ready.ready) throw new Error('the AT-SPI helper did not start');
    return reader;
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Every form control of the document titled `title`, as AT-SPI exposes it. */
  async read(title: string): Promise<AtspiDocument> {
    this.child.stdin!.write(`${JSON.stringify({ title })}\n`);
    const reply = JSON.parse(await this.next()) as AtspiDocument & { error?: string };
    if (reply.error) throw new Error(`AT-SPI: ${reply.error}`);
    return reply;
  }
}
