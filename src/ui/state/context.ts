/**
 * The page's shared state, handed down through Svelte context rather than module singletons
 * (issue 13 item 5, as svelte.dev and shadcn-svelte share state classes):
 *   - App.svelte creates one of each (createShared) and sets them (setShared) before its children
 *     render;
 *   - a component reads what it needs with the typed getter while it initialises (getApp(),
 *     getVault(), getSettings(), getEnvironment(), or getShared() for all four) and hands it to the
 *     state classes it constructs (`new CurrentState(getShared())`);
 *   - state classes receive what they use through their constructor and never import an instance;
 *   - tests build their own (createShared, or the classes themselves) and pass them: nothing global
 *     is patched, and two tests never share a vault or a language.
 * The getters throw when called outside a component's initialisation or without App above it
 * (Svelte's createContext): a component cannot silently read a second, unrelated instance.
 * tests/lint/no-singletons.test.ts fails if an exported instance comes back in src/ui.
 */
import { createContext } from 'svelte';
import type { Lang } from '../../i18n/translate.ts';
import { AppState, bindPageTranslator } from './app.svelte.ts';
import { EnvironmentState } from './environment.svelte.ts';
import { SettingsState } from './settings.svelte.ts';
import { VaultState, type VaultStateOptions } from './vault.svelte.ts';

/** The app-level states every flow may need. A state class asks for a Pick of it. */
export interface Shared {
  readonly app: AppState;
  readonly vault: VaultState;
  readonly settings: SettingsState;
  readonly environment: EnvironmentState;
}

/** One context holds the four: they are created together and never replaced. */
const [getSharedContext, setSharedContext] = createContext<Shared>();

/** The language and route of the page. */
export const getApp = (): AppState => getSharedContext().app;
/** The opened store and the vault's lock state. */
export const getVault = (): VaultState => getSharedContext().vault;
/** The user's stored settings (target, defaults, idle lock). */
export const getSettings = (): SettingsState => getSharedContext().settings;
/** What 現在の環境 was shown (command line, MailRoot file names), for the other flows. */
export const getEnvironment = (): EnvironmentState => getSharedContext().environment;

/** All four, read during a component's initialisation. */
export function getShared(): Shared {
  return getSharedContext();
}

export interface SharedOptions {
  /** The starting language (else the stored choice, else the browser's). */
  readonly lang?: Lang;
  /** How the vault opens its store (tests: fake-indexeddb, few PBKDF2 iterations, no activity target). */
  readonly vault?: Omit<VaultStateOptions, 'app'>;
}

/** A new set of states, wired together (the settings read and save through the vault's store). */
export function createShared(options: SharedOptions = {}): Shared {
  const app = new AppState(options.lang === undefined ? {} : { lang: options.lang });
  const vault = new VaultState({ ...options.vault, app });
  return { app, vault, settings: new SettingsState(app, vault), environment: new EnvironmentState() };
}

/**
 * Makes `shared` what every component below reads (App.svelte, once, while it initialises), and
 * its app state the language of the templates' `t` (state/app.svelte.ts).
 */
export function setShared(shared: Shared): Shared {
  bindPageTranslator(shared.app);
  return setSharedContext(shared);
}
