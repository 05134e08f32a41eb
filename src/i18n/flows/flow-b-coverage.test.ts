import { PLACEHOLDER } from '../translate.ts';
import { describe, expect, it } from 'vitest';
import { CONSEQUENCE_CODES, FINDING_IDS, XMAIL_TARGETS, type FixFlow } from '../../lib/xmail/index.ts';
import { enCurrent, jaCurrent } from './current.ts';
import { enSettings, jaSettings } from './settings.ts';
import { enTlsModes, jaTlsModes } from './tls-modes.ts';

const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

function expectText(ja: Record<string, string>, en: Record<string, string>, key: string): void {
  expect(ja[key], `ja ${key}`).toMatch(/\S/);
  expect(en[key], `en ${key}`).toMatch(/\S/);
  expect(placeholders(en[key]!), `placeholders of ${key}`).toEqual(placeholders(ja[key]!));
}

describe('every diagnostic finding, consequence, target and fix has text in both languages', () => {
  it.each(FINDING_IDS)('finding %s', (id) => expectText(jaCurrent, enCurrent, `current.finding.${id}`));
  it.each(CONSEQUENCE_CODES)('consequence %s', (code) => expectText(jaTlsModes, enTlsModes, `tls-modes.consequence.${code}`));
  it.each(XMAIL_TARGETS)('target %s', (target) => expectText(jaSettings, enSettings, `settings.target.${target}`));
  const fixFlows: FixFlow[] = ['public', 'self-signed', 'private-ca', 'client-ca', 'modes', 'server-tab', 'startup', 'install'];
  it.each(fixFlows)('fix %s', (flow) => expectText(jaCurrent, enCurrent, `current.fix.${flow}`));

  it('has no text for ids that no longer exist', () => {
    const findingKeys = Object.keys(jaCurrent).filter((k) => k.startsWith('current.finding.')).map((k) => k.slice('current.finding.'.length));
    expect(findingKeys.sort()).toEqual([...FINDING_IDS].sort());
    const consequenceKeys = Object.keys(jaTlsModes).filter((k) => k.startsWith('tls-modes.consequence.')).map((k) => k.slice('tls-modes.consequence.'.length));
    expect(consequenceKeys.sort()).toEqual([...CONSEQUENCE_CODES].sort());
  });

  it('every message of these flows has the same placeholders in ja and en', () => {
    for (const [ja, en] of [[jaCurrent, enCurrent], [jaTlsModes, enTlsModes], [jaSettings, enSettings]] as const) {
      for (const key of Object.keys(ja)) expect(placeholders((en as Record<string, string>)[key]!), key).toEqual(placeholders((ja as Record<string, string>)[key]!));
    }
  });
});
