/**
 * Issue 13 item 5: one naming rule for flow components. Every flow of the registry loads its
 * screen from its own folder as `<Name>Flow.svelte` (docs/ARCHITECTURE.md, "Add a flow"), and a
 * flow folder holds exactly one such component.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const flowsDir = fileURLToPath(new URL('../../src/ui/flows/', import.meta.url));
const registry = readFileSync(`${flowsDir}registry.ts`, 'utf8');
const entries = [...registry.matchAll(/\bflow\('([^']+)', \(\) => import\('\.\/([^']+)'\)\)/g)].map((m) => ({ id: m[1]!, file: m[2]! }));

describe('flow components are named <Name>Flow.svelte', () => {
  it('the registry lists every flow folder once', () => {
    const folders = readdirSync(flowsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(entries.map((e) => e.id).sort()).toEqual(folders);
  });

  it.each(entries)('$id loads $file', ({ id, file }) => {
    expect(file).toMatch(new RegExp(`^${id}/[A-Z][A-Za-z]*Flow\\.svelte$`));
    const flowFiles = readdirSync(`${flowsDir}${id}`).filter((f) => /Flow\.svelte$/.test(f));
    expect(flowFiles).toEqual([file.slice(id.length + 1)]);
  });
});
