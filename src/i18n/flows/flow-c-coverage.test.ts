import { PLACEHOLDER } from '../translate.ts';
import { describe, expect, it } from 'vitest';
import { COMPROMISE_STEPS } from '../../lib/store/index.ts';
import { XMAIL_TARGETS, planMode } from '../../lib/xmail/index.ts';
import { enCaForClients, jaCaForClients } from './ca-for-clients.ts';
import { enClientCerts, jaClientCerts } from './client-certs.ts';
import { enManage, jaManage } from './manage.ts';

const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

describe('CA for clients, client certificates, management: text for every code', () => {
  const consequenceCodes = new Set<string>();
  for (const target of XMAIL_TARGETS) {
    for (const requireCertificate of [true, false]) {
      const plan = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: true, requireCertificate }, target });
      for (const c of plan.consequences) consequenceCodes.add(c.code);
    }
  }
  it.each([...consequenceCodes])('consequence %s', (code) => {
    const key = `ca-for-clients.consequence.${code}` as keyof typeof jaCaForClients;
    expect(jaCaForClients[key]).toMatch(/\S/);
    expect(placeholders(enCaForClients[key])).toEqual(placeholders(jaCaForClients[key]));
  });
  it.each(COMPROMISE_STEPS)('compromise step %s', (step) => expect(enManage[`manage.compromise.step.${step}`]).toMatch(/\S/));

  it('ja and en have the same placeholders in every message', () => {
    for (const [ja, en] of [[jaCaForClients, enCaForClients], [jaClientCerts, enClientCerts], [jaManage, enManage]] as const) {
      for (const key of Object.keys(ja)) expect(placeholders((en as Record<string, string>)[key]!), key).toEqual(placeholders((ja as Record<string, string>)[key]!));
    }
  });
});
