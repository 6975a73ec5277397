import { describe, expect, it } from 'vitest';
import { readForm } from './form-body.ts';

const post = (body: BodyInit, type: string) =>
  new Request('http://localhost/en', { method: 'POST', body, headers: { 'content-type': type } });

describe('reading a form post', () => {
  it('reads a urlencoded post as formData() would: repeats as lists, + as space, UTF-8 escapes', async () => {
    const body = 'topic=a&topic=b&message=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7+there&empty=&odd=%ZZ&formToken=x%26y';
    const expected = await post(body, 'application/x-www-form-urlencoded').formData();
    const values = await readForm(post(body, 'application/x-www-form-urlencoded; charset=UTF-8'));
    expect(values).toEqual({
      topic: expected.getAll('topic'),
      message: expected.get('message'),
      empty: '',
      odd: expected.get('odd'),
      formToken: 'x&y',
    });
    expect(values.message).toBe('مرحبا there');
  });

  it('reads multipart posts and leaves files out', async () => {
    const data = new FormData();
    data.append('message', 'hello');
    data.append('recording', new Blob(['abc']), 'a.webm');
    expect(await readForm(new Request('http://localhost/en', { method: 'POST', body: data }))).toEqual({
      message: 'hello',
    });
  });

  it('yields nothing for a body that is not a form', async () => {
    expect(await readForm(post('{"message":"x"}', 'application/json'))).toEqual({});
    expect(await readForm(post('--nope', 'multipart/form-data; boundary=zzz'))).toEqual({});
  });
});
