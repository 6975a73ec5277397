import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#core';
import { type LocalService, startLocal } from '../../dev/runtime.ts';
import { freshDataDir, removeDataDir, TEST_ENV } from '../support/service.ts';
import { type CookieClient, cookieClient, fieldOf, signInPath } from '../support/staff.ts';

/**
 * A whole closed consultation in Arabic, through the real local service (the same one
 * `npm start` runs: dynalite, local SES, the statement workflow from its ASL file), over
 * HTTP with one cookie jar per person: staff create it with 6 codes, six participants join
 * with declared groups, propose and vote, staff moderate and carry a point into round 2,
 * results show consensus and no consensus as the arithmetic says, the two statements are
 * composed and sent, and each lands in exactly the right inbox once (/dev/mail.json).
 */
let service: LocalService;
let dataDir: string;

interface DevMail {
  to: string[];
  subject: string;
  text: string;
}
const mails = async () => (await (await fetch(`${service.url}/dev/mail.json`)).json()) as DevMail[];

const client = () =>
  cookieClient({
    request: (path: string, init?: RequestInit) =>
      fetch(`${service.url}${path}`, { ...init, redirect: 'manual' }) as Promise<Response>,
  } as never);

beforeAll(async () => {
  dataDir = freshDataDir();
  service = await startLocal({ ...loadConfig({ ...TEST_ENV }), dataDir, port: 0 }, () => {}, {
    redriveEveryMs: 0,
    escalateEveryMs: 0,
    purgeEveryMs: 0,
    retryIntervalMs: 5,
  });
});
afterAll(async () => {
  await service?.stop();
  removeDataDir(dataDir);
});

async function signIn(email: string): Promise<CookieClient> {
  const staff = client();
  const page = await staff.get('/staff');
  await staff.post('/staff/sign-in', { pre: fieldOf(page.text, 'pre'), email });
  const confirm = await staff.get(signInPath(await mails(), email));
  const done = await staff.post('/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
  expect(done.status).toBe(303);
  return staff;
}

/** Posts a staff form from the page it is on (the anti-forgery token comes from the page). */
async function staffPost(staff: CookieClient, pagePath: string, action: string, fields: Record<string, string>) {
  const page = await staff.get(pagePath);
  return staff.post(action, { csrf: fieldOf(page.text, 'csrf'), ...fields });
}

const pointIdOf = (html: string, text: string) => {
  const at = html.indexOf(text);
  const match = /\/points\/([0-9A-Z]{10})"/.exec(html.slice(at));
  if (at < 0 || !match) throw new Error(`no point "${text}" on the page`);
  return match[1]!;
};
const versionAfter = (html: string, pointId: string) =>
  /name="version" value="(\d+)"/.exec(html.slice(html.indexOf(`/points/${pointId}"`)))?.[1] ?? '1';

describe('a closed consultation from start to statements', () => {
  it('runs in Arabic with 6 codes and sends each statement to the right inbox once', async () => {
    const admin = await signIn('admin@ose.example');

    // Staff create it: closed, both addressees, a theme for each, consensus from 4 votes at 60 % in women and men.
    const today = new Date().toISOString().slice(0, 10);
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const created = await staffPost(admin, '/staff/consultations/new', '/staff/consultations', {
      titleAr: 'مشاورة مجموعة تركيا ١',
      titleEn: 'Turkey group 1 consultation',
      addressees: 'ose',
      themes: 'detainees',
      opens: today,
      round1Closes: later(3),
      round2Closes: later(6),
      access: 'closed',
      minVoters: '4',
      threshold: '60',
      groupBy: 'gender',
    });
    // The form sends repeated fields; URLSearchParams from a record cannot, so add the second ones.
    expect(created.status).toBe(303);
    const consultationPath = created.headers.get('location')!.replace(/\?.*$/, '');
    const id = consultationPath.split('/').at(-1)!;

    // A second addressee and theme need repeated fields: post them as a browser would.
    const both = await (async () => {
      const page = await admin.get('/staff/consultations/new');
      const body = new URLSearchParams([
        ['csrf', fieldOf(page.text, 'csrf')],
        ['titleAr', 'مشاورة مجموعة تركيا ١'],
        ['titleEn', 'Turkey group 1 consultation'],
        ['addressees', 'ose'],
        ['addressees', 'donors'],
        ['themes', 'detainees'],
        ['themes', 'cssr-ownership'],
        ['opens', today],
        ['round1Closes', later(3)],
        ['round2Closes', later(6)],
        ['access', 'closed'],
        ['minVoters', '4'],
        ['threshold', '60'],
        ['groupBy', 'gender'],
      ]);
      const cookie = [...admin.jar].map(([name, value]) => `${name}=${value}`).join('; ');
      return fetch(`${service.url}/staff/consultations`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    })();
    expect(both.status).toBe(303);
    const base = both.headers.get('location')!.replace(/\?.*$/, '');
    const cid = base.split('/').at(-1)!;
    expect(cid).not.toBe(id);

    // 6 single-use codes for a named group, shown once.
    const codesPage = await staffPost(admin, base, `${base}/codes`, { group: 'مجموعة تركيا ١', count: '6' });
    expect(codesPage.status).toBe(200);
    const codes = [...codesPage.text.matchAll(/<code>([0-9A-Z-]{14})<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(6);
    expect(new Set(codes).size).toBe(6);

    // Six participants join with declared groups: three women, three men.
    const people: CookieClient[] = [];
    for (const [index, code] of codes.entries()) {
      const person = client();
      await person.get(`/consultations/${cid}`);
      const joined = await person.post(`/consultations/${cid}/join`, {
        code: code.toLowerCase(),
        gender: index < 3 ? 'woman' : 'man',
        location: 'outside',
      });
      expect(joined.status).toBe(303);
      people.push(person);
    }
    // A wrong code changes nothing and says why.
    const stranger = client();
    const refused = await stranger.post(`/consultations/${cid}/join`, { code: 'AAAA-BBBB-CCCC' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('هذا الرمز ليس من رموز هذه المشاورة');

    // They propose points.
    const propose = (who: number, theme: string, text: string) =>
      people[who]!.post(`/consultations/${cid}/propose`, { theme, text });
    expect((await propose(0, 'detainees', 'الإفراج الفوري عن جميع المعتقلات والمعتقلين')).status).toBe(303);
    await propose(1, 'detainees', 'وقف القصف على المشافي');
    await propose(2, 'cssr-ownership', 'ملكية سورية لغرفة دعم المجتمع المدني');
    await propose(3, 'detainees', 'الافراج الفوري عن جميع المعتقلات و المعتقلين');
    await propose(4, 'detainees', 'نقطة خارج الموضوع');

    // Staff moderate: approve three, reject one with a reason, merge the duplicate the page proposes.
    const moderatePath = `${base}/moderate`;
    let moderation = await admin.get(moderatePath);
    expect(moderation.text).not.toContain('mashura_cons_');
    const ids = {
      release: pointIdOf(moderation.text, 'الإفراج الفوري عن جميع المعتقلات والمعتقلين'),
      hospitals: pointIdOf(moderation.text, 'وقف القصف على المشافي'),
      ownership: pointIdOf(moderation.text, 'ملكية سورية لغرفة دعم المجتمع المدني'),
      duplicate: pointIdOf(moderation.text, 'الافراج الفوري عن جميع المعتقلات و المعتقلين'),
      offTopic: pointIdOf(moderation.text, 'نقطة خارج الموضوع'),
    };
    for (const id of [ids.release, ids.hospitals, ids.ownership]) {
      const done = await staffPost(admin, moderatePath, `${base}/points/${id}`, { action: 'approve', version: '1' });
      expect(done.headers.get('location')).toContain('done=point-approve');
    }
    await staffPost(admin, moderatePath, `${base}/points/${ids.offTopic}`, {
      action: 'reject',
      version: '1',
      reason: 'خارج محاور المشاورة',
    });
    moderation = await admin.get(moderatePath);
    expect(moderation.text).toContain('نقاط تبدو متطابقة');
    await staffPost(admin, moderatePath, `${base}/points/${ids.duplicate}`, {
      action: 'merge',
      into: ids.release,
      version: versionAfter(moderation.text, ids.duplicate),
    });
    const mine = await people[4]!.get(`/consultations/${cid}/mine`);
    expect(mine.text).toContain('لم تُدرج');
    expect(mine.text).toContain('خارج محاور المشاورة');

    // Round 1 votes: release 6/6; hospitals women 3/3 but men 1/3; ownership 5 agree and a pass.
    const vote = async (who: number, choices: Record<string, string>) => {
      const page = await people[who]!.get(`/consultations/${cid}/vote`);
      expect(page.text).toContain('<fieldset');
      const fields: Record<string, string> = {};
      for (const [point, choice] of Object.entries(choices)) fields[`vote-${point}`] = choice;
      // The page lists its points; one is enough for the server to accept the others on it.
      const body = new URLSearchParams(Object.entries(fields));
      body.append('points', Object.keys(choices).join(','));
      const cookie = [...people[who]!.jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(`${service.url}/consultations/${cid}/vote?page=1`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(303);
    };
    for (let who = 0; who < 6; who++) {
      await vote(who, {
        [ids.release]: 'agree',
        [ids.hospitals]: who < 3 || who === 3 ? 'agree' : 'disagree',
        [ids.ownership]: who === 5 ? 'pass' : 'agree',
      });
    }
    // Changing a vote moves it; it never counts twice.
    await vote(0, { [ids.release]: 'disagree' });
    await vote(0, { [ids.release]: 'agree' });
    const overview = await people[0]!.get(`/consultations/${cid}`);
    expect(overview.text).toContain('تمّ التصويت على ٣ من أصل ٣ نقاط');

    // Participants see no results while round 1 is open; staff see them live.
    expect((await people[0]!.get(`/consultations/${cid}/results`)).text).toContain(
      'تظهر النتائج هنا عند إغلاق الجولة الأولى',
    );
    await staffPost(admin, base, `${base}/close-round`, { round: '1' });

    // Round 2: the point without consensus, reworded; the original is kept.
    const round2 = await admin.get(`${base}/round2`);
    expect(round2.text).toContain('وقف القصف على المشافي');
    expect(round2.text).not.toContain('ملكية سورية لغرفة دعم المجتمع المدني');
    const carried = await staffPost(admin, `${base}/round2`, `${base}/carry`, {
      point: ids.hospitals,
      version: new RegExp(
        `name="point" value="${ids.hospitals}"[^>]*>\\s*<input type="hidden" name="version" value="(\\d+)"`,
      ).exec(round2.text)![1]!,
      text: 'وقف استهداف المشافي والمدارس',
    });
    expect(carried.headers.get('location')).toContain('done=carried');

    const votePage = await people[3]!.get(`/consultations/${cid}/vote`);
    expect(votePage.text).toContain('وقف استهداف المشافي والمدارس');
    expect(votePage.text).toContain('الصياغة الأصلية:');
    const reworded = /name="vote-([0-9A-Z]{10})"/.exec(votePage.text)![1]!;
    for (let who = 0; who < 6; who++) await vote(who, { [reworded]: who === 5 ? 'pass' : 'agree' });
    await staffPost(admin, base, `${base}/close-round`, { round: '2' });

    // Results as the arithmetic says: consensus for release, ownership and the reworded point; none for the original.
    const results = (await people[2]!.get(`/consultations/${cid}/results`)).text;
    const row = (text: string) => results.slice(results.indexOf(text), results.indexOf('</tr>', results.indexOf(text)));
    expect(row('الإفراج الفوري عن جميع المعتقلات والمعتقلين')).toMatch(/<td>٦<\/td><td>٠<\/td><td>٠<\/td>.*<td>نعم/s);
    expect(row('وقف القصف على المشافي')).toMatch(
      /<td>٤<\/td><td>٢<\/td><td>٠<\/td>.*لا.*موافقة غير كافية في إحدى المجموعات/s,
    );
    expect(row('ملكية سورية لغرفة دعم المجتمع المدني')).toMatch(/<td>٥<\/td><td>٠<\/td><td>١<\/td>.*<td>نعم/s);
    expect(row('وقف استهداف المشافي والمدارس')).toMatch(/<td>٥<\/td><td>٠<\/td><td>١<\/td>.*<td>نعم/s);
    // Groups of three are "fewer than 5", without a percentage.
    expect(results).toContain('من أصل أقل من ٥');
    expect(results).not.toMatch(/٪ موافقة، من أصل أقل/);

    // Statements: composed, previewed, published and sent; each to its own inbox, once.
    for (const addressee of ['ose', 'donors']) {
      const statements = `${base}/statements`;
      await staffPost(admin, statements, `${statements}/${addressee}/compose`, {});
      // Publishing waits for every point's wording in both languages: the English is given here.
      const draft = await admin.get(statements);
      const form = draft.text.slice(draft.text.indexOf(`/statements/${addressee}/wording`));
      const english = [...form.slice(0, form.indexOf('</form>')).matchAll(/name="(en-\d+)"/g)].map((m) => m[1]!);
      expect(english.length).toBeGreaterThan(0);
      const early = await staffPost(admin, statements, `${statements}/${addressee}/publish`, {
        version: fieldOf(form, 'version'),
      });
      expect(early.headers.get('location')).toContain('done=wording-missing');
      const worded = await staffPost(admin, statements, `${statements}/${addressee}/wording`, {
        version: fieldOf(form, 'version'),
        ...Object.fromEntries(english.map((name, i) => [name, `${addressee} point ${i + 1} in English`])),
      });
      expect(worded.headers.get('location')).toContain('done=wording');
      const preview = await admin.get(statements);
      const version = /statements\/\w+\/publish"[\s\S]*?name="version" value="(\d+)"/.exec(
        preview.text.slice(preview.text.indexOf(`/statements/${addressee}/publish`) - 200),
      )?.[1];
      const published = await staffPost(admin, statements, `${statements}/${addressee}/publish`, {
        version: version ?? '1',
      });
      expect(published.headers.get('location')).toContain('done=published');
    }
    await service.statements.idle();
    // Starting the same statement again, or under a new attempt, sends nothing more.
    await service.statements.start(`statement-${cid}-ose-1`, { consultationId: cid, addressee: 'ose' } as never);
    await service.statements.start(`statement-${cid}-ose-9`, { consultationId: cid, addressee: 'ose' } as never);
    await service.statements.idle();

    const statementMails = (await mails()).filter((mail) => /^(بيان إلى|Statement to)/.test(mail.subject));
    expect(statementMails.map((mail) => mail.to)).toEqual(
      expect.arrayContaining([['ose-inbox@ose.example'], ['donors-inbox@donors.example']]),
    );
    expect(statementMails).toHaveLength(2);
    // The Special Envoy's office reads Arabic and English, the donors English.
    const toOse = statementMails.find((mail) => mail.to.includes('ose-inbox@ose.example'))!;
    expect(toOse.subject).toMatch(/^بيان إلى المبعوث الخاص إلى سوريا \/ Statement to the Special Envoy/);
    expect(toOse.text).toContain('الإفراج الفوري عن جميع المعتقلات والمعتقلين');
    expect(toOse.text).toContain('وقف استهداف المشافي والمدارس');
    expect(toOse.text).toContain('ose point 1 in English');
    expect(toOse.text).not.toContain('ملكية سورية');
    const toDonors = statementMails.find((mail) => mail.to.includes('donors-inbox@donors.example'))!;
    expect(toDonors.subject).toMatch(/^Statement to the donors/);
    expect(toDonors.text).toContain('donors point 1 in English');
    expect(toDonors.text).not.toMatch(/[\u0600-\u06ff]/);

    // "You said, we did" for participants.
    const after = await people[5]!.get(`/consultations/${cid}`);
    expect(after.text).toContain('قلتم وفعلنا');
    expect(after.text).toContain('أُرسل يوم');
    expect(after.text).toContain('ملكية سورية لغرفة دعم المجتمع المدني');
    const english = await people[5]!.get(`/en/consultations/${cid}`);
    expect(english.text).toContain('donors point 1 in English');
    expect(english.text).not.toContain('ملكية سورية لغرفة دعم المجتمع المدني');
  });
});
