import { describe, expect, it } from 'vitest';
import { mayDecide } from './decisions.ts';
import {
  canBeAssigned,
  canRunConsultations,
  canSeeContact,
  canSeePersonalAnswers,
  canSeeSubmission,
  isDonorRouted,
  loadStaffConfig,
  normaliseStaffEmail,
} from './staff.ts';

describe('staff access', () => {
  it('lets liaisons see only submissions routed to the donors, once routed', () => {
    const liaison = { email: 'l@d.example', role: 'liaison' } as const;
    expect(canSeeSubmission(liaison, { routing: 'routed', routedTo: ['donors'] })).toBe(true);
    expect(canSeeSubmission(liaison, { routing: 'routed', routedTo: ['donors', 'ose'] })).toBe(true);
    expect(canSeeSubmission(liaison, { routing: 'routed', routedTo: ['ose'] })).toBe(false);
    expect(canSeeSubmission(liaison, { routing: 'pending', routedTo: undefined })).toBe(false);
    expect(isDonorRouted({ routing: 'pending', routedTo: ['donors'] })).toBe(false);
    expect(canSeeContact(liaison)).toBe(false);
    expect(
      canSeeSubmission({ email: 't@o.example', role: 'triager' }, { routing: 'pending', routedTo: undefined }),
    ).toBe(true);
  });

  it('lets facilitators run consultations and see no submission, contact detail or personal answer', () => {
    const facilitator = { email: 'f@o.example', role: 'facilitator' } as const;
    expect(canSeeSubmission(facilitator, { routing: 'routed', routedTo: ['ose', 'donors'] })).toBe(false);
    expect(canSeeContact(facilitator)).toBe(false);
    expect(canSeePersonalAnswers(facilitator)).toBe(false);
    expect(canBeAssigned(facilitator)).toBe(false);
    expect(mayDecide(facilitator, 'note')).toBe(false);
    expect(canRunConsultations(facilitator)).toBe(true);
    expect(canRunConsultations({ email: 'a@o.example', role: 'admin' })).toBe(true);
    expect(canRunConsultations({ email: 't@o.example', role: 'triager' })).toBe(false);
    expect(canRunConsultations({ email: 'l@d.example', role: 'liaison' })).toBe(false);
  });

  it('reads addresses case-insensitively and refuses anything that is not one', () => {
    expect(normaliseStaffEmail('  Triage@OSE.example ')).toBe('triage@ose.example');
    expect(normaliseStaffEmail('not an address')).toBeUndefined();
    expect(normaliseStaffEmail(['a@b.example'])).toBeUndefined();
  });

  it('seeds the accounts DESIGN.md names unless the environment says otherwise', () => {
    expect(loadStaffConfig({}).seed).toEqual({
      triager: 'triage@ose.example',
      admin: 'admin@ose.example',
      liaison: 'liaison@donors.example',
    });
    expect(loadStaffConfig({ MASHURA_SEED_ADMIN: 'Boss@Example.org' }).seed.admin).toBe('boss@example.org');
    expect(() => loadStaffConfig({ MASHURA_SEED_ADMIN: 'nope' })).toThrow(/MASHURA_SEED_ADMIN/);
  });
});
