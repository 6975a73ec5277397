import { describe, expect, it } from 'vitest';
import { readFormWithFiles } from '../web/public/form-body.ts';
import { checkSubmissions } from './budgets.ts';
import { formBody } from './fixtures.ts';
import { type LoadResult, medianRound, multipartOf, type PutResult } from './submissions.ts';

describe('the bench posts the form as browsers send it', () => {
  it('multipart carries the same fields as the urlencoded body, and no recording', async () => {
    const urlencoded = formBody('TOKEN123', { stamp: 's.t.a.m.p' });
    const body = multipartOf(urlencoded);
    const request = (type: string, text: string) =>
      new Request('http://bench.example/en', { method: 'POST', headers: { 'content-type': type }, body: text });
    const plain = await readFormWithFiles(request('application/x-www-form-urlencoded', urlencoded));
    const multipart = await readFormWithFiles(
      request(`multipart/form-data; boundary=${/^--(\S+)\r\n/.exec(body)?.[1]}`, body),
    );
    expect(multipart.values).toEqual(plain.values);
    expect(multipart.values.topics).toEqual(['detainees', 'humanitarian-access']);
    expect(multipart.files.voice ?? []).toEqual([]);
  });
});

describe('the overhead at one connection, in alternating rounds', () => {
  it('is the median round, a measured pair and not an average, whatever order the rounds ran in', () => {
    const rounds = [2.31, 1.62, 1.95, 2.08, 1.84].map((ratio, run) => ({ ratio, run }));
    expect(medianRound(rounds)).toEqual({ ratio: 1.95, run: 2 });
    expect(medianRound(rounds.slice(0, 4)).ratio).toBe(1.95); // even: the lower middle
    expect(medianRound([{ ratio: 2.5 }])).toEqual({ ratio: 2.5 });
    expect(() => medianRound([])).toThrow();
  });
});

describe('the overhead budget line', () => {
  const load = (encoding: 'multipart' | undefined, rps: number, rounds: LoadResult['rounds']): LoadResult => ({
    target: 'web',
    mode: 'post',
    ...(encoding ? { encoding } : {}),
    connections: 1,
    requests: 300,
    seconds: 3,
    rps,
    p50Ms: 8,
    p99Ms: 16,
    statusCodes: { '303': 300 },
    rounds,
  });
  const put: PutResult = { connections: 1, puts: 500, seconds: 2.5, rps: 212.2, p50Ms: 4, p99Ms: 12, itemBytes: 1481 };

  it('quotes each encoding’s own median round: its posts and the raw puts measured beside them', () => {
    const [plain, multipart] = checkSubmissions(
      [
        load(undefined, 120.5, { ratios: [1.76], median: 1.76, putRps: 212.2 }),
        load('multipart', 123, { ratios: [1.99], median: 1.99, putRps: 244.8 }),
      ],
      [put],
    );
    expect(plain?.actual).toContain('median round 120.5 vs 212.2 /s');
    expect(multipart?.name).toBe('submission overhead (multipart), c=1');
    expect(multipart?.actual).toContain('median round 123 vs 244.8 /s');
    expect(multipart?.ok).toBe(true);
    expect(
      checkSubmissions([load('multipart', 100, { ratios: [2.01], median: 2.01, putRps: 201 })], [put])[0]?.ok,
    ).toBe(false);
  });
});
