/**
 * Issue 13 item 6: the server form shows what the recipes' one validation returns (no second,
 * test-only path): the screen's issues are validateServerForm's, split per field.
 */
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { validateServerForm } from '../../../lib/recipes/index.ts';
import { AppState } from '../../state/app.svelte.ts';
import { ServerFormState } from './server-form.svelte.ts';

describe('ServerFormState', () => {
  it.each([
    ['', '398'],
    ['mail.example.com', '398'],
    ['mail.example.com', '900'],
    ['mail.example.com', '0'],
    ['a..b, 192.0.2.1, user@example.com', '30'],
    ['mail.example.com smtp.example.com', ''],
  ])('names %j, validity %j: the issues of validateServerForm', (hostNames, validityText) => {
    expect.hasAssertions();
    const form = new ServerFormState(new AppState());
    form.hostNames = hostNames;
    form.validityText = validityText;
    flushSync();
    const expected = validateServerForm({ hostNames, validityDays: form.validityDays });
    expect(form.issues).toEqual(expected);
    expect(form.valid).toBe(expected.length === 0);
  });
});
