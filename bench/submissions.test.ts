import { describe, expect, it } from 'vitest';
import { readFormWithFiles } from '../web/public/form-body.ts';
import { formBody } from './fixtures.ts';
import { multipartOf } from './submissions.ts';

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
