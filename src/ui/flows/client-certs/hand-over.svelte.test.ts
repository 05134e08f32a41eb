import { describe, expect, it } from 'vitest';
import type { ClientIssueResult, IssuedClient } from '../../../lib/recipes/index.ts';
import { createShared } from '../../state/context.ts';
import { HandOverState } from './hand-over.svelte.ts';

const taro = { fileName: 'taro@example.jp.p12' } as IssuedClient;
const hanako = { fileName: 'hanako@example.jp.p12' } as IssuedClient;
const result = { issued: [taro, hanako] } as unknown as ClientIssueResult;

describe('HandOverState (issue 14 items 2, 3)', () => {
  it('everyone gets every program by default; one choice for all; a per-user choice wins', () => {
    const s = new HandOverState(createShared(), () => result);
    expect(s.programsOf(taro)).toEqual(['thunderbird', 'windows', 'apple', 'android']);
    s.programForAll = 'thunderbird';
    expect(s.programsOf(taro)).toEqual(['thunderbird']);
    s.programOf[hanako.fileName] = 'apple';
    expect(s.programsOf(hanako)).toEqual(['apple']);
    expect(s.programsOf(taro)).toEqual(['thunderbird']);
    s.programOf[hanako.fileName] = '';
    expect(s.programsOf(hanako)).toEqual(['thunderbird']);
  });

  it('ports follow the command line remembered from 現在の環境; a bad host gives no server settings', () => {
    const shared = createShared();
    const s = new HandOverState(shared, () => result);
    expect(s.options.server).toBeUndefined();
    s.host = 'mail.example.jp';
    expect(s.plan.portsFrom).toBe('defaults');
    expect(s.options.server).toEqual({ host: 'mail.example.jp', pop3: { port: 995, security: 'ssl' }, smtp: { port: 465, security: 'ssl' } });
    shared.environment.remember('XMail -Bp 1995 -X-', undefined);
    expect(s.plan.portsFrom).toBe('command-line');
    expect(s.options.server).toEqual({ host: 'mail.example.jp', pop3: { port: 1995, security: 'ssl' }, smtp: null });
    s.starttls = true;
    expect(s.options.server?.smtp).toEqual({ port: 25, security: 'starttls' });
    s.host = 'mail example';
    expect(s.options.server).toBeUndefined();
    expect(s.plan.issues).not.toEqual([]);
  });
});
