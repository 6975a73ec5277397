import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration for retention and abuse defences', () => {
  it('defaults to the stated retention and to limits a person never meets', () => {
    const config = loadConfig({});
    expect(config.retention).toEqual({ contactDays: 90, spamDays: 30 });
    expect(config.protection).toMatchObject({ minFillSeconds: 3, submitsPerHour: 60, submitsPerHourWithoutPow: 10 });
    expect(config.faults.sesDelayMs).toBe(0);
  });

  it('reads every value from the environment', () => {
    const config = loadConfig({
      MASHURA_CONTACT_RETENTION_DAYS: '45',
      MASHURA_SPAM_RETENTION_DAYS: '7',
      MASHURA_MIN_FILL_SECONDS: '0',
      MASHURA_RATE_SUBMIT_PER_HOUR: '500',
      MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: '50',
      MASHURA_POW_MAX_COUNTER: '1000',
      MASHURA_FAULT_SES_DELAY_MS: '250',
    });
    expect(config.retention).toEqual({ contactDays: 45, spamDays: 7 });
    expect(config.protection).toMatchObject({
      minFillSeconds: 0,
      submitsPerHour: 500,
      submitsPerHourWithoutPow: 50,
      powMaxCounter: 1000,
    });
    expect(config.faults.sesDelayMs).toBe(250);
  });

  it('never injects faults outside local mode', () => {
    expect(loadConfig({ MASHURA_STAGE: 'prod', MASHURA_FAULT_SES_DELAY_MS: '250' }).faults.sesDelayMs).toBe(0);
  });

  it('fails fast on a retention period or limit that makes no sense', () => {
    expect(() => loadConfig({ MASHURA_CONTACT_RETENTION_DAYS: '0' })).toThrow(/MASHURA_CONTACT_RETENTION_DAYS/);
    expect(() => loadConfig({ MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: '-1' })).toThrow(/NO_POW/);
    expect(() => loadConfig({ MASHURA_SPAM_RETENTION_DAYS: 'soon' })).toThrow(/SPAM_RETENTION/);
  });
});
