/**
 * The flows of the page, in navigation order. Adding a flow is one line: its id (the #/route),
 * its title and intro message keys, and a loader of its component (from the flow's own folder).
 */
import type { Component } from 'svelte';
import type { MessageKey } from '../../i18n/translate.ts';
import { screenLoader } from '../page-error.ts';

export interface FlowInfo {
  readonly id: string;
  readonly titleKey: MessageKey;
  readonly introKey: MessageKey;
}

export interface FlowEntry extends FlowInfo {
  /**
   * The flow's screen, evaluated when first shown (issue 15 item 3: page start): a chunk of its
   * own, a file in the hosted build and a block parsed on first use in the single file (vite.config.ts
   * singleFileChunks). It rejects with a PageError (VIEW_NOT_LOADED) when that code does not load.
   */
  readonly load: () => Promise<{ default: Component<{ flow: FlowInfo }> }>;
}

export const flows: readonly FlowEntry[] = [
  { id: 'current', titleKey: 'flow.current.title', introKey: 'flow.current.intro', load: screenLoader('current', () => import('./current/CurrentFlow.svelte')) },
  { id: 'public-ca', titleKey: 'flow.public-ca.title', introKey: 'flow.public-ca.intro', load: screenLoader('public-ca', () => import('./public-ca/PublicCaFlow.svelte')) },
  { id: 'own-certificate', titleKey: 'flow.own-certificate.title', introKey: 'flow.own-certificate.intro', load: screenLoader('own-certificate', () => import('./own-certificate/OwnCertificateFlow.svelte')) },
  { id: 'self-signed', titleKey: 'flow.self-signed.title', introKey: 'flow.self-signed.intro', load: screenLoader('self-signed', () => import('./self-signed/SelfSignedFlow.svelte')) },
  { id: 'private-ca', titleKey: 'flow.private-ca.title', introKey: 'flow.private-ca.intro', load: screenLoader('private-ca', () => import('./private-ca/PrivateCaFlow.svelte')) },
  { id: 'ca-for-clients', titleKey: 'flow.ca-for-clients.title', introKey: 'flow.ca-for-clients.intro', load: screenLoader('ca-for-clients', () => import('./ca-for-clients/CaForClientsFlow.svelte')) },
  { id: 'client-certs', titleKey: 'flow.client-certs.title', introKey: 'flow.client-certs.intro', load: screenLoader('client-certs', () => import('./client-certs/ClientCertsFlow.svelte')) },
  { id: 'manage', titleKey: 'flow.manage.title', introKey: 'flow.manage.intro', load: screenLoader('manage', () => import('./manage/ManageFlow.svelte')) },
  { id: 'leaked-key', titleKey: 'flow.leaked-key.title', introKey: 'flow.leaked-key.intro', load: screenLoader('leaked-key', () => import('./leaked-key/LeakedKeyFlow.svelte')) },
  { id: 'tls-modes', titleKey: 'flow.tls-modes.title', introKey: 'flow.tls-modes.intro', load: screenLoader('tls-modes', () => import('./tls-modes/TlsModesFlow.svelte')) },
  { id: 'settings', titleKey: 'flow.settings.title', introKey: 'flow.settings.intro', load: screenLoader('settings', () => import('./settings/SettingsFlow.svelte')) },
];

/** The flow for a route; the first flow for '' or an unknown id. */
export function flowForRoute(route: string): FlowEntry {
  const first = flows[0];
  if (!first) throw new Error('flow registry is empty');
  return flows.find((f) => f.id === route) ?? first;
}
