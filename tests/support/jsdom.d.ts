/**
 * The little of jsdom's API the screen-reader suite uses. jsdom ships no types and
 * @types/jsdom is not a dependency; this keeps the suite type-checked without one.
 */
declare module 'jsdom' {
  import type { EventEmitter } from 'node:events';

  export class VirtualConsole extends EventEmitter {
    on(event: 'jsdomError', listener: (error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export interface ConstructorOptions {
    url?: string;
    contentType?: string;
    pretendToBeVisual?: boolean;
    runScripts?: 'dangerously' | 'outside-only';
    virtualConsole?: VirtualConsole;
  }

  export type DOMWindow = Window & typeof globalThis & { close(): void };

  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    readonly window: DOMWindow;
    serialize(): string;
  }
}
