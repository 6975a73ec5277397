/**
 * A served page in jsdom, for the virtual screen reader.
 *
 * Why not `// @vitest-environment jsdom`: that environment replaces Node's globals
 * (URL, AbortController, Event, FormData...) for the whole file, and the same file runs
 * the real service (undici fetch, @hono/node-server) to get the pages. Here the suite
 * stays in Node and each page gets its own JSDOM. @guidepup/virtual-screen-reader and the
 * html-aria library under it still look some DOM interfaces up on the global object
 * (`element instanceof Element`, `document.querySelectorAll('label')` to find labels;
 * without them every <input> reads as "textbox" and labels go missing), so while a page is
 * loaded we lend it those globals: every name jsdom's window defines that Node lacks, plus
 * `window` and `document`. `restore()` takes them back.
 */
import { JSDOM, VirtualConsole } from 'jsdom';

export interface LoadedPage {
  window: JSDOM['window'];
  document: Document;
  /** What jsdom reported as not implemented (e.g. pseudo-element styles), for debugging. */
  jsdomErrors: string[];
  restore(): void;
}

const globals = globalThis as unknown as Record<string, unknown>;

export function loadPage(html: string, url: string): LoadedPage {
  const virtualConsole = new VirtualConsole();
  const jsdomErrors: string[] = [];
  virtualConsole.on('jsdomError', (error: Error) => jsdomErrors.push(error.message));
  // No scripts: the virtual screen reader hears the server-rendered page, which is what a
  // person gets with JavaScript off; where the page relies on the browser (autofocus,
  // following a fragment link), the test does what the browser would and says so.
  const dom = new JSDOM(html, { url, pretendToBeVisual: true, virtualConsole });
  const window = dom.window;
  const lent: string[] = [];
  for (const name of Object.getOwnPropertyNames(window)) {
    if (name in globals) continue;
    globals[name] = (window as unknown as Record<string, unknown>)[name];
    lent.push(name);
  }
  const previous = { window: globals.window, document: globals.document };
  globals.window = window;
  globals.document = window.document;
  return {
    window,
    document: window.document,
    jsdomErrors,
    restore() {
      for (const name of lent) delete globals[name];
      globals.window = previous.window;
      globals.document = previous.document;
      if (previous.window === undefined) delete globals.window;
      if (previous.document === undefined) delete globals.document;
      window.close();
    },
  };
}
