/**
 * The flows of the page, in navigation order. Adding a flow is one line: its id (the #/route),
 * its title and intro message keys, and its component (from the flow's own folder).
 */
import type { Component } from 'svelte';
import CurrentFlow from './current/CurrentFlow.svelte';
import TlsModesFlow from './tls-modes/TlsModesFlow.svelte';
import SettingsFlow from './settings/SettingsFlow.svelte';
import SelfSignedFlow from './self-signed/SelfSignedFlow.svelte';
import PrivateCaFlow from './private-ca/PrivateCaFlow.svelte';
import PublicCaFlow from './public-ca/PublicCaFlow.svelte';
import OwnCertificateFlow from './own-certificate/OwnCertificateFlow.svelte';
import CaForClientsFlow from './ca-for-clients/CaForClientsFlow.svelte';
import ClientCertsFlow from './client-certs/ClientCertsFlow.svelte';
import Manage from './manage/Manage.svelte';
import LeakedKeyFlow from './leaked-key/LeakedKeyFlow.svelte';
import type { MessageKey } from '../../i18n/translate.ts';

export interface FlowInfo {
  readonly id: string;
  readonly titleKey: MessageKey;
  readonly introKey: MessageKey;
}

export interface FlowEntry extends FlowInfo {
  readonly component: Component<{ flow: FlowInfo }>;
}

export const flows: readonly FlowEntry[] = [
  { id: 'current', titleKey: 'flow.current.title', introKey: 'flow.current.intro', component: CurrentFlow },
  { id: 'public-ca', titleKey: 'flow.public-ca.title', introKey: 'flow.public-ca.intro', component: PublicCaFlow },
  { id: 'own-certificate', titleKey: 'flow.own-certificate.title', introKey: 'flow.own-certificate.intro', component: OwnCertificateFlow },
  { id: 'self-signed', titleKey: 'flow.self-signed.title', introKey: 'flow.self-signed.intro', component: SelfSignedFlow },
  { id: 'private-ca', titleKey: 'flow.private-ca.title', introKey: 'flow.private-ca.intro', component: PrivateCaFlow },
  { id: 'ca-for-clients', titleKey: 'flow.ca-for-clients.title', introKey: 'flow.ca-for-clients.intro', component: CaForClientsFlow },
  { id: 'client-certs', titleKey: 'flow.client-certs.title', introKey: 'flow.client-certs.intro', component: ClientCertsFlow },
  { id: 'manage', titleKey: 'flow.manage.title', introKey: 'flow.manage.intro', component: Manage },
  { id: 'leaked-key', titleKey: 'flow.leaked-key.title', introKey: 'flow.leaked-key.intro', component: LeakedKeyFlow },
  { id: 'tls-modes', titleKey: 'flow.tls-modes.title', introKey: 'flow.tls-modes.intro', component: TlsModesFlow },
  { id: 'settings', titleKey: 'flow.settings.title', introKey: 'flow.settings.intro', component: SettingsFlow },
];

/** The flow for a route; the first flow for '' or an unknown id. */
export function flowForRoute(route: string): FlowEntry {
  const first = flows[0];
  if (!first) throw new Error('flow registry is empty');
  return flows.find((f) => f.id === route) ?? first;
}
