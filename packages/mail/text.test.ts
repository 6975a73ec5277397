import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './safe-html.ts';
import { assertWebUrl, displayReference, redactAddresses, SUBJECT_MAX_LENGTH, subjectLine } from './text.ts';

describe('subject lines', () => {
  it('join their parts on one line, collapsing whitespace and dropping empty parts', () => {
    expect(subjectLine(['  Urgent ', '', 'New\r\ninput\t here', 'ABCD-2345-WXYZ'])).toBe(
      'Urgent · New input here · ABCD-2345-WXYZ',
    );
  });

  it('drop every control, bidi and invisible format character', () => {
    const line = subjectLine(['a\u0000b\u0007c\u007f\u0085d\u202Ee\u2066f\u2069g\u200Fh\u061Ci\u2028j\u2029k\uFEFFl']);
    expect(line).toBe('abc defghi j kl');
  });

  it('are capped without splitting a character made of two UTF-16 units', () => {
    const line = subjectLine(['😀'.repeat(400)]);
    expect([...line]).toHaveLength(SUBJECT_MAX_LENGTH);
    expect(line.endsWith('😀…')).toBe(true);
    expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('references', () => {
  it('are shown grouped in fours, whatever case or grouping they came in', () => {
    expect(displayReference('ABCD2345WXYZ')).toBe('ABCD-2345-WXYZ');
    expect(displayReference('abcd-2345-wxyz')).toBe('ABCD-2345-WXYZ');
  });

  it('that are not references are shown as given, neutralised, on one line', () => {
    expect(displayReference('\u202Enot\r\na reference')).toBe('not a reference');
  });
});

describe('helpers', () => {
  it('remove anything that looks like an email address', () => {
    expect(redactAddresses('to a.b+c@example.org and <x@y.z>, fine')).toBe(
      'to [address removed] and <[address removed]>, fine',
    );
  });

  it('accept only http(s) links', () => {
    expect(assertWebUrl('https://mashura.example/status', 'statusUrl')).toBe('https://mashura.example/status');
    expect(() => assertWebUrl('javascript:alert(1)', 'statusUrl')).toThrow('statusUrl must be http(s)');
    expect(() => assertWebUrl('/relative', 'statusUrl')).toThrow('statusUrl is not a URL');
  });

  it('escape every interpolated value unless it was built as HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"onmouseover="x'}">${inner}${['<', 1, false, null, undefined]}</p>`.value).toBe(
      '<p title="&quot;onmouseover=&quot;x"><b>&lt;i&gt;</b>&lt;1</p>',
    );
  });
});
