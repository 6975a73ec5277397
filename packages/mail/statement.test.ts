import { describe, expect, it } from 'vitest';
import type { StatementSection } from '#core';
import { renderStatementEmail } from './statement.ts';

const sections: StatementSection[] = [
  {
    theme: 'detainees',
    label: { ar: 'المعتقلون', en: 'Detainees' },
    points: [
      {
        pointId: 'P000000001',
        theme: 'detainees',
        text: 'الإفراج عن جميع المعتقلين',
        wording: { ar: 'الإفراج عن جميع المعتقلين', en: 'Release all detainees' },
        round: 1,
        agree: 5,
        disagree: 1,
        pass: 0,
        voters: 6,
        agreePercent: 83,
        lowestGroupPercent: 67,
      },
    ],
  },
];
const input = {
  consultationTitle: { ar: 'مشاورة تركيا', en: 'Turkey consultation' },
  sections,
  publicUrl: { ar: 'https://mashura.example/consultations/C1', en: 'https://mashura.example/en/consultations/C1' },
};

describe('the statement email', () => {
  it('goes to the Special Envoy’s office in Arabic, then English, each part with its own wording, lang and dir', () => {
    const email = renderStatementEmail({ ...input, addressee: 'ose' });
    expect(email.subject).toBe(
      'بيان إلى المبعوث الخاص إلى سوريا / Statement to the Special Envoy for Syria · مشاورة تركيا',
    );
    expect(email.html).toMatch(/<html lang="ar" dir="rtl"/);
    expect(email.html).toMatch(
      /lang="ar" dir="rtl"[\s\S]*الإفراج عن جميع المعتقلين[\s\S]*lang="en" dir="ltr"[\s\S]*Release all detainees/,
    );
    expect(email.text.indexOf('المعتقلون')).toBeLessThan(email.text.indexOf('Detainees'));
    expect(email.text).toContain('https://mashura.example/consultations/C1');
    expect(email.text).toContain('https://mashura.example/en/consultations/C1');
  });

  it('goes to the donors in English only', () => {
    const email = renderStatementEmail({ ...input, addressee: 'donors' });
    expect(email.subject).toMatch(/^Statement to the donors of the Civil Society Support Room/);
    expect(email.html).toMatch(/<html lang="en" dir="ltr"/);
    expect(`${email.html}${email.text}`).toContain('Release all detainees');
    expect(`${email.subject}${email.text}`).not.toMatch(/[\u0600-\u06ff]/);
  });
});
