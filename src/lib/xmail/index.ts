/** The XMail layer's public surface: the UI and the bundle import from here only. */
export * from './errors.ts';
export * from './server-tab.ts';
export * from './tls-settings.ts';
export * from './command-line.ts';
export * from './targets.ts';
export * from './modes.ts';
export * from './diagnostics.ts';
export * from './startup-change.ts';
