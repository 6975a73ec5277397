import { describe, expect, it } from 'vitest';
import { readFormWithFiles } from '../web/public/form-body.ts';
import { formBody } from './fixtures.ts';
import { medianRound, multipartOf } from './submissions.ts';

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
