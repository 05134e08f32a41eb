/**
 * Findings about the startup options and the listeners they make: how MailSvr.cpp reads each
 * switch (by its 2nd and 3rd characters, `p` + the next token through atoi), which listeners two
 * binds would clash on (XMail stops: "Socket bind error"), and what each TLS-capable listener offers.
 */
import { commandLineReadings, listenerConflicts, type CommandLine, type EffectiveListener } from '../command-line.ts';
import type { TlsSettings } from '../tls-settings.ts';
import type { Handshake } from './key-cert.ts';
import { finding, type Finding } from './rules.ts';

/** MailSvr.cpp reads options by their 2nd and 3rd characters: say where that is not what was meant. */
export function diagnoseCommandLineReadings(cmd: CommandLine, out: Finding[]): void {
  for (const r of commandLineReadings(cmd)) {
    const token = r.token;
    switch (r.code) {
      case 'SWITCH_TAIL_IGNORED':
        out.push(finding('COMMAND_LINE_SWITCH_TAIL_IGNORED', { token, readAs: r.readAs ?? '' }));
        break;
      case 'SWITCH_UNKNOWN':
        out.push(finding('COMMAND_LINE_SWITCH_UNKNOWN', { token }));
        break;
      case 'NOT_AN_OPTION':
        out.push(finding('COMMAND_LINE_NOT_AN_OPTION', { token }));
        break;
      case 'ARGUMENT_IS_SWITCH':
        out.push(finding('COMMAND_LINE_ARGUMENT_IS_SWITCH', { token, arg: r.arg ?? '' }));
        break;
      case 'PORT_RANDOM':
        out.push(finding('COMMAND_LINE_PORT_RANDOM', { token, arg: r.arg ?? '' }));
        break;
      case 'PORT_MISREAD':
        out.push(finding('COMMAND_LINE_PORT_MISREAD', { token, arg: r.arg ?? '', port: r.port ?? 0 }));
        break;
    }
  }
}


/** Two listeners on one address:port (XMail exits at start-up), or on one port across an any-address bind. */
export function diagnoseListenerConflicts(listeners: readonly EffectiveListener[], out: Finding[]): void {
  for (const c of listenerConflicts(listeners)) {
    const params = { port: c.port, first: c.first, second: c.second };
    if (c.kind === 'overlap') out.push(finding('LISTENER_PORT_OVERLAP', { ...params, address: c.address }));
    else if (c.address === '') out.push(finding('LISTENER_PORT_CONFLICT', params));
    else out.push(finding('LISTENER_ADDRESS_CONFLICT', { ...params, address: c.address }));
  }
}

/** A listener on which XMail offers TLS: implicit TLS, or STARTTLS with its Enable*-TLS on. */
export function offersTls(l: EffectiveListener, settings: TlsSettings): boolean {
  if (!l.enabled) return false;
  if (l.tls === 'implicit') return true;
  return l.starttlsVariable !== undefined && settings.booleans[l.starttlsVariable].value;
}

/**
 * What a client meets on a listener, from the same facts as the findings: 'not-started' (two
 * listeners on one port stop XMail), 'off', 'plain' (no STARTTLS), 'tls' (handshakes work),
 * 'tls-fails' (offered or listening, but server.key/server.cert cannot be used), 'tls-unchecked'
 * (key or certificate not given).
 */
export type ListenerState = 'not-started' | 'off' | 'plain' | 'tls' | 'tls-fails' | 'tls-unchecked';

/** A listener as diagnostics judged it: the report's services table and the findings read the same verdict. */
export interface DiagnosedListener extends EffectiveListener {
  /** TLS is offered: STARTTLS when its Enable*-TLS is on, always for an implicit-TLS listener that is on. */
  tlsOffered: boolean;
  state: ListenerState;
}

export function judgeListeners(listeners: readonly EffectiveListener[], settings: TlsSettings, handshake: Handshake, startupFails: boolean): DiagnosedListener[] {
  return listeners.map((l) => {
    const tlsOffered = offersTls(l, settings);
    const state: ListenerState = startupFails
      ? 'not-started'
      : !l.enabled
        ? 'off'
        : !tlsOffered
          ? 'plain'
          : handshake === 'ok'
            ? 'tls'
            : handshake === 'fails'
              ? 'tls-fails'
              : 'tls-unchecked';
    return { ...l, tlsOffered, state };
  });
}

/** One finding per TLS-capable listener: offered (and whether handshakes work), not offered, or off. */
export function diagnoseServices(listeners: readonly DiagnosedListener[], handshake: Handshake, out: Finding[]): void {
  let any = false;
  for (const l of listeners) {
    const ports = l.ports;
    const variable = l.starttlsVariable;
    if (l.tls === 'starttls' && variable) {
      if (!l.enabled) continue;
      if (l.tlsOffered) {
        any = true;
        if (handshake === 'fails') out.push(finding('STARTTLS_OFFERED_FAILS', { service: l.service, ports }));
        else out.push(finding('STARTTLS_OFFERED', { service: l.service, ports, variable }));
      } else {
        out.push(finding('STARTTLS_NOT_OFFERED', { service: l.service, ports, variable }));
      }
    } else if (l.tls === 'implicit') {
      if (l.enabled) {
        any = true;
        if (handshake === 'fails') out.push(finding('IMPLICIT_TLS_LISTENING_FAILS', { service: l.service, ports }));
        else out.push(finding('IMPLICIT_TLS_LISTENING', { service: l.service, ports }));
      } else {
        out.push(finding('IMPLICIT_TLS_OFF', { service: l.service, letter: l.letter }));
      }
    }
  }
  if (!any) out.push(finding('TLS_FULLY_OFF', {}));
}
