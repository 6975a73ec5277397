import { describe, expect, it } from 'vitest';
import { powWorkerJs, protectJs } from '../web/public/assets/protect.js.ts';
import { sendJs } from '../web/public/assets/send.js.ts';
import { siteJs } from '../web/public/assets/site.js.ts';
import { type TraceEvent, tasksOf } from './main-thread.ts';

const ORIGIN = 'http://127.0.0.1:4000';
const at = (ms: number) => ms * 1000;
const event = (name: string, start: number, ms: number, data?: Record<string, string>): TraceEvent => ({
  name,
  cat: 'devtools.timeline',
  ph: 'X',
  ts: at(start),
  dur: at(ms),
  pid: 1,
  tid: 1,
  args: data ? { data } : undefined,
});
const trace = (...events: TraceEvent[]): TraceEvent[] => [
  { name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid: 1, tid: 1, args: { name: 'CrRendererMain' } },
  ...events,
];

describe('what counts as our script in a main-thread task', () => {
  it('does not count the browser committing a navigation and parsing our page as ours', () => {
    const [task] = tasksOf(
      trace(
        event('RunTask', 0, 200),
        event('Receive mojo message', 0, 199),
        event('ParseHTML', 120, 20, { url: `${ORIGIN}/en/sent/ABC` }),
        event('UpdateLayoutTree', 150, 30),
      ),
      ORIGIN,
    );
    expect(task).toMatchObject({ ms: 200, oursMs: 0 });
  });

  it("counts our listener's time (and the layout it forces) but not Playwright's or the browser's", () => {
    const [task] = tasksOf(
      trace(
        event('RunTask', 0, 120),
        event('EventDispatch', 10, 90),
        event('FunctionCall', 12, 20, { url: '', functionName: 'listener' }),
        event('FunctionCall', 40, 30, { url: `${ORIGIN}/assets/send.js?v=1`, functionName: 'send' }),
        event('v8.compile', 41, 5, { url: `${ORIGIN}/assets/send.js?v=1` }),
        event('Layout', 50, 10),
        event('Layout', 80, 15),
      ),
      ORIGIN,
    );
    expect(task?.ms).toBe(120);
    expect(task?.oursMs).toBe(30);
    expect(task?.what).toMatch(/^ours: \/assets\/send\.js send 30 ms/);
  });

  it('counts promise callbacks as ours (they carry no address), and sums separate stretches', () => {
    const [task] = tasksOf(
      trace(
        event('RunTask', 0, 60),
        event('EvaluateScript', 0, 25, { url: `${ORIGIN}/assets/site.js?v=1` }),
        event('RunMicrotasks', 30, 28),
      ),
      ORIGIN,
    );
    expect(task?.oursMs).toBe(53);
  });

  it("does not count promise callbacks inside an animation frame (our pages request none; Playwright's helper does)", () => {
    const [task] = tasksOf(
      trace(event('RunTask', 0, 140), event('FireAnimationFrame', 0, 135), event('RunMicrotasks', 5, 129)),
      ORIGIN,
    );
    expect(task?.oursMs).toBe(0);
    // Which holds only while our pages request no animation frames.
    for (const script of [siteJs, sendJs, protectJs, powWorkerJs]) expect(script).not.toContain('AnimationFrame');
  });

  it('does not count a script of another origin', () => {
    const [task] = tasksOf(
      trace(event('RunTask', 0, 80), event('EvaluateScript', 0, 70, { url: 'http://elsewhere.example/x.js' })),
      ORIGIN,
    );
    expect(task?.oursMs).toBe(0);
  });
});
