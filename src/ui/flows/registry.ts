/**
 * The flows of the page, in navigation order. Adding a flow is one line: its id (the #/route,
 * which names its title and intro message keys) and a loader of its component (from the flow's own folder).
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

/** A flow's id: its #/route, and the middle of its `flow.<id>.title` and `flow.<id>.intro` keys. */
type FlowId = { [K in MessageKey]: K extends `flow.${infer Id}.title` ? Id : never }[MessageKey];

/** The entry of flow `id`: its title and intro are its catalog keys, its screen is `load`. */
function flow(id: FlowId, load: () => Promise<{ default: Component<{ flow: FlowInfo }> }>): FlowEntry {
  return { id, titleKey: `flow.${id}.title`, introKey: `flow.${id}.intro`, load: screenLoader(id, load) };
}

export const flows: readonly FlowEntry[] = [
  flow('current', () => import('./current/CurrentFlow.svelte')),
  flow('public-ca', () => import('./public-ca/PublicCaFlow.svelte')),
  flow('own-certificate', () => import('./own-certificate/OwnCertificateFlow.svelte')),
  flow('self-signed', () => import('./self-signed/SelfSignedFlow.svelte')),
  flow('private-ca', () => import('./private-ca/PrivateCaFlow.svelte')),
  flow('ca-for-clients', () => import('./ca-for-clients/CaForClientsFlow.svelte')),
  flow('client-certs', () => import('./client-certs/ClientCertsFlow.svelte')),
  flow('manage', () => import('./manage/ManageFlow.svelte')),
  flow('leaked-key', () => import('./leaked-key/LeakedKeyFlow.svelte')),
  flow('tls-modes', () => import('./tls-modes/TlsModesFlow.svelte')),
  flow('settings', () => import('./settings/SettingsFlow.svelte')),
];

/** The flow for a route; the first flow for '' or an unknown id. */
export function flowForRoute(route: string): FlowEntry {
  const first = flows[0];
  if (!first) throw new Error('flow registry is empty');
  return flows.find((f) => f.id === route) ?? first;
}
