/** English messages: exactly the key set of ja.ts (a missing or extra key is a type error). */
import type { MessageKey } from './ja.ts';
import { enServerCommon } from './flows/server-common.ts';
import { enSelfSigned } from './flows/self-signed.ts';
import { enPrivateCa } from './flows/private-ca.ts';
import { enPublicCa } from './flows/public-ca.ts';
import { enOwnCertificate } from './flows/own-certificate.ts';
import { enLeakedKey } from './flows/leaked-key.ts';
import { enWalk } from './flows/walk.ts';
import { enVault } from './flows/vault.ts';
import { enCurrent } from './flows/current.ts';
import { enTlsModes } from './flows/tls-modes.ts';
import { enSettings } from './flows/settings.ts';
import { enCaForClients } from './flows/ca-for-clients.ts';
import { enClientCerts } from './flows/client-certs.ts';
import { enClientKits } from './downloads/client-kits.ts';
import { enManage } from './flows/manage.ts';
import { enRenewal } from './flows/renewal.ts';
import { enErrors } from './errors.ts';
import { enPage } from './flows/page.ts';
import { enInstall } from './downloads/install.ts';
import { enMailroot } from './downloads/mailroot.ts';
import { enHandOver } from './downloads/hand-over.ts';

export const en: Record<MessageKey, string> = {
  'app.title': 'XMail TLS Workshop',
  'app.tagline': 'SSL/TLS for XMail, made entirely in your browser.',
  'app.skipToContent': 'Skip to content',
  'app.offlineNote': 'This page never uses the network. Keys never leave this browser.',
  'nav.label': 'SSL/TLS setup per deployment',
  'lang.label': 'Language',
  'lang.ja': '日本語',
  'lang.en': 'English',

  'flow.current.title': 'Current setup',
  'flow.current.intro':
    "Shows the current SSL/TLS setup from XMail's server.tab and startup options. Consult it when XMail misbehaves or a setup does not work.",
  'flow.public-ca.title': 'Public CA',
  'flow.public-ca.intro':
    'Explains how to get a server certificate from an official certificate authority (CA) and creates the private key and the certificate signing request (CSR) from a form. Most CAs charge for certificates.',
  'flow.own-certificate.title': 'I already have a certificate',
  'flow.own-certificate.intro':
    'Turns a server certificate you already have (.pfx/.p12, .p7b, .crt/.cer/.pem and the private key) into server.key and server.cert ready for XMail\'s MailRoot. The files never leave this browser.',
  'flow.self-signed.title': 'Self-signed',
  'flow.self-signed.intro':
    'You sign the CSR yourself and get a private server certificate. Mail programs that verify it show an error, but if they are told not to verify, encryption still works.',
  'flow.private-ca.title': 'Private CA',
  'flow.private-ca.intro':
    'Build your own certificate authority and issue private server certificates from it. Install the CA certificate in the mail programs, and they accept the server certificate without an error.',
  'flow.ca-for-clients.title': 'CA for client verification',
  'flow.ca-for-clients.intro':
    'For XMail to verify client certificates it needs a CA certificate. XMail does not use the Windows certificate store, so you provide it yourself. By default XMail does not verify client certificates.',
  'flow.client-certs.title': 'Client certificates',
  'flow.client-certs.intro':
    'Enables client authentication: the server verifies the certificate the mail program presents in the SSL/TLS session. Recommended for services where security matters most.',
  'flow.manage.title': 'Certificate management',
  'flow.manage.intro': 'Manage the certificates made here, including revoking issued certificates.',
  'flow.leaked-key.title': 'If the private key leaks',
  'flow.leaked-key.intro':
    'The private key must never be known outside. If a third party gets it, at once (1) invalidate the key, (2) delete the server certificate paired with it, (3) create a new private key, and (4) re-create the server certificate for the same common name. The steps are the same for a certificate that is not in the vault (one from a public CA, for example).',
  'flow.tls-modes.title': 'TLS modes',
  'flow.tls-modes.intro':
    'Choose how XMail uses TLS (turn SSL/TLS off completely, use SSL on the dedicated ports only, require STARTTLS, ...) and see the server.tab and startup option changes.',
  'flow.settings.title': 'Settings',
  'flow.settings.intro': "Choose the page's language and what happens to the data kept in this browser (encrypted keys and more).",

  'file.label': 'File',
  'file.hint': 'Drop a file here or choose one with the button (at most {max}).',
  'file.selected': 'Selected file: {name} ({size})',
  'file.tooLarge': '{name} is too large ({size}). Choose a file of at most {max}.',
  'file.readFailed': 'Could not read {name}.',
  'file.size.bytes': '{n|byte|bytes}',
  'file.size.kib': '{n} KB',
  'file.size.mib': '{n} MB',

  'download.ready': 'Download {name}',
  'progress.working': 'Working…',
  'notice.dismiss': 'Dismiss',
  'list.separator': ', ',
  'field.required': '(required)',

  'error.unknown': 'An unexpected error occurred.',
  'error.detail': 'Details (for support)',
  ...enServerCommon,
  ...enSelfSigned,
  ...enPrivateCa,
  ...enPublicCa,
  ...enOwnCertificate,
  ...enLeakedKey,
  ...enWalk,
  ...enVault,
  ...enCurrent,
  ...enTlsModes,
  ...enSettings,
  ...enCaForClients,
  ...enClientCerts,
  ...enClientKits,
  ...enManage,
  ...enRenewal,
  ...enErrors,
  ...enPage,
  ...enInstall,
  ...enMailroot,
  ...enHandOver,
};
