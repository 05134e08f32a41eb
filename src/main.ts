/// <reference types="vite/client" />
/**
 * Page start in turns (issue 15 item 3: no task over 200 ms at page start). Everything but this
 * file and lib/time.ts is imported with import(), so Rolldown makes chunks of it: files in the
 * hosted build, blocks that are parsed only when first needed in the single file (vite.config.ts
 * singleFileChunks; nothing is fetched). The first task compiles only this small start; each part
 * below is then parsed and its modules' top-level code run (asn1js/pkijs class set-up, the
 * catalogs, the store...) in a task of its own, with the page free in between, and the shell
 * mounts last. The first screen comes after the load event.
 */
import './ui/styles/app.css';
import { nextMacrotask } from './lib/time.ts';
import { START_FAILURE } from './i18n/start-failure.ts';

/**
 * The parts of the start, each run in a task of its own, in dependency order (each part's chunk
 * is parsed and its modules run when it is imported); sized so that none is a long task.
 * Each is imported for its evaluation only: `.then(() => undefined)`, written inline, tells
 * Rolldown that no export is read here. A bare `() => import(x)` hands out the module namespace,
 * which keeps every export of x and all it reaches in the page, used or not (issue 15 page size:
 * 8.5 KB gzip with the `mount` below); a named callback is not recognised.
 */
const START_PARTS: readonly (() => Promise<unknown>)[] = [
  () => import('asn1js').then(() => undefined),
  () => import('./lib/pki/index.ts').then(() => undefined),
  () => import('./i18n/ja.ts').then(() => undefined),
  () => import('./lib/store/index.ts').then(() => undefined),
  () => import('./lib/xmail/index.ts').then(() => undefined),
  () => import('./lib/bundle/index.ts').then(() => undefined),
  () => import('./lib/recipes/index.ts').then(() => undefined),
  () => import('svelte').then(() => undefined),
];

async function start(target: HTMLElement): Promise<void> {
  for (const part of START_PARTS) {
    await nextMacrotask();
    await part();
  }
  await nextMacrotask();
  // The members read inline, for the same reason: a destructured Promise.all keeps all of svelte's exports.
  const [mount, App] = await Promise.all([import('svelte').then((m) => m.mount), import('./ui/App.svelte').then((m) => m.default)]);
  mount(App, { target });
}

/**
 * A start that fails (a chunk it needs missing or refused: the file cut short or edited) says so in
 * both languages instead of leaving a blank page; the error itself goes to the console for support.
 */
function showStartFailure(target: HTMLElement, error: unknown): void {
  const alert = document.createElement('div');
  alert.setAttribute('role', 'alert');
  for (const [lang, text] of Object.entries(START_FAILURE)) {
    const p = alert.appendChild(document.createElement('p'));
    p.lang = lang;
    p.textContent = text;
  }
  target.replaceChildren(alert);
  console.error(error);
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
start(target).catch((error: unknown) => showStartFailure(target, error));
