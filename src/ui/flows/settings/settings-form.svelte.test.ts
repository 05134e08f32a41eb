/**
 * Issue 17 item 6: one rule for a server certificate's days. Settings took 1..3650 while every server
 * flow stops at 825 (Apple's limit, recipes' validateServerValidity); now settings use that rule.
 */
import { describe, expect, it } from 'vitest';
import { SERVER_VALIDITY_DEFAULT_DAYS, SERVER_VALIDITY_MAX_DAYS, validateServerValidity } from '../../../lib/recipes/index.ts';
import { settingsDays, settingsServerDays } from './settings-form.svelte.ts';

describe('settings: server-certificate days', () => {
  it.each([
    ['397', 397, []],
    ['825', 825, []],
    ['826', undefined, ['validity.apple']],
    ['1000', undefined, ['validity.apple']],
    ['0', undefined, ['validity.range']],
    ['', undefined, ['validity.range']],
    ['abc', undefined, ['validity.range']],
  ])('%j -> %j %j', (text, days, codes) => {
    expect.hasAssertions();
    const r = settingsServerDays(text);
    expect(r.days).toBe(days);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
  });

  it('accepts exactly what the server flows accept, default included', () => {
    expect.hasAssertions();
    for (const n of [1, SERVER_VALIDITY_DEFAULT_DAYS, SERVER_VALIDITY_MAX_DAYS, SERVER_VALIDITY_MAX_DAYS + 1, 3650]) {
      expect(settingsServerDays(String(n)).days !== undefined).toBe(validateServerValidity(n).length === 0);
    }
  });

  it('client-certificate days keep their own range (up to ten years)', () => {
    expect.hasAssertions();
    expect(settingsDays('3650')).toBe(3650);
    expect(settingsDays('3651')).toBeUndefined();
  });
});
