/**
 * Recipes: orchestration that combines core calls for one UI flow (plain TypeScript, no Svelte, no
 * DOM). The UI's state classes import only from here and from src/lib/<module>/index.ts.
 */
export * from './diagnose.ts';
export * from './modes.ts';
export * from './client-ca.ts';
export * from './client-certs.ts';
export * from './kit-server.ts';
export * from './server-common.ts';
export * from './self-signed.ts';
export * from './private-ca.ts';
export * from './public-ca.ts';
export * from './manage.ts';
export * from './layering.ts';
export * from './own-certificate.ts';
export * from './preview.ts';
export * from './leaked-key.ts';
export * from './manage-actions.ts';
