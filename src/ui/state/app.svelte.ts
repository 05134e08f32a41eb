/**
 * App-level UI state: the language and the current route (#/flow-id). Only the language is kept
 * in localStorage; nothing else the page knows is ever written there (issue 6). App.svelte creates
 * the page's one AppState and shares it through context (state/context.ts: getApp()).
 *
 * `t` is the one thing here that stays module-level, on purpose: it is called in nearly every
 * template, and a per-component `const t = getT()` in ~70 components would add nothing. It holds no
 * state of its own: it reads the language of the AppState that setShared() binds when App starts
 * (bindPageTranslator), so it follows that instance and throws if nothing was bound. It is for
 * components only; state classes and helpers take the language from the AppState they are given
 * (or a `lang` parameter), so tests never depend on the page's translator.
 */
import { isLang, pickLang, translate, type Lang, type MessageKey, type MessageParams } from '../../i18n/translate.ts';

export const LANG_STORAGE_KEY = 'xmail-tls.lang';

function readStoredLang(): Lang | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(stored) ? stored : undefined;
  } catch {
    return undefined; // storage disabled (file:// policies, privacy modes): fall back to the browser
  }
}

/** '#/private-ca' -> 'private-ca'; anything else -> ''. */
export function routeFromHash(hash: string): string {
  const match = /^#\/([a-z0-9-]+)$/.exec(hash);
  return match?.[1] ?? '';
}

export class AppState {
  lang = $state<Lang>('ja');
  get route() { return this.#route; }
  #route = $state('');

  /** Starts in `initial.lang`, else the stored choice, else the browser's; the route from the page's hash. */
  constructor(initial: { readonly lang?: Lang } = {}) {
    this.lang = initial.lang ?? readStoredLang() ?? pickLang(globalThis.navigator?.languages ?? []);
    this.#route = routeFromHash(globalThis.location?.hash ?? '');
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // not remembered; the choice still applies to this visit
    }
  }

  followHash(hash: string): void {
    this.#route = routeFromHash(hash);
  }

  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.lang, key, params);
  }
}

/** The AppState whose language `t` follows: the page's, bound once by setShared (App.svelte). */
let pageApp: AppState | null = null;

export function bindPageTranslator(app: AppState): void {
  pageApp = app;
}

/** Reactive lookup for templates: re-renders when the page's language changes. */
export function t(key: MessageKey, params?: MessageParams): string {
  if (!pageApp) throw new Error('t() before App.svelte set the shared states (state/context.ts setShared)');
  return pageApp.t(key, params);
}
