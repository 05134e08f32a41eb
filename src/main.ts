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

/**
 * The parts of the start, each run in a task of its own, in dependency order (each part's chunk
 * is parsed and its modules run when it is imported); sized so that none is a long task.
 */
const START_PARTS: readonly (() => Promise<unknown>)[] = [
  () => import('asn1js'),
  () => import('./lib/pki/index.ts'),
  () => import('./i18n/ja.ts'),
  () => import('./lib/store/index.ts'),
  () => import('./lib/xmail/index.ts'),
  () => import('./lib/bundle/index.ts'),
  () => import('./lib/recipes/index.ts'),
  () => import('svelte'),
];

async function start(target: HTMLElement): Promise<void> {
  for (const part of START_PARTS) {
    await nextMacrotask();
    await part();
  }
  await nextMacrotask();
  const [{ mount }, { default: App }] = await Promise.all([import('svelte'), import('./ui/App.svelte')]);
  mount(App, { target });
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
void start(target);
