import { describe, expect, it } from 'vitest';
import { renderSignInLink } from './staff.ts';

const url = 'https://mashura.example/staff/sign-in/Rtdo-YwJIstVkhpFf_-MQY49r06f7mak1y-7su9Gov4';

describe('the staff sign-in email', () => {
  it('carries the link, how long it lasts and that it works once, in Arabic right to left', () => {
    const email = renderSignInLink({ language: 'ar', url, minutes: 15 });
    expect(email.subject).toBe('رابط تسجيل الدخول إلى مساحة فريق العمل في مشورة');
    expect(email.html).toContain('<html lang="ar" dir="rtl">');
    expect(email.html).toContain(`href="${url}"`);
    expect(email.text).toContain(url);
    expect(email.text).toContain('١٥');
  });

  it('says the same in English', () => {
    const email = renderSignInLink({ language: 'en', url, minutes: 15 });
    expect(email.subject).toBe('Your Mashura staff sign-in link');
    expect(email.text).toContain('It works once and expires in 15 minutes.');
    expect(email.text).toContain('nobody can sign in without the link');
  });

  it('refuses a link that is not a web address', () => {
    expect(() => renderSignInLink({ language: 'en', url: 'javascript:alert(1)', minutes: 15 })).toThrow(/http/);
  });
});
