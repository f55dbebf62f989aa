/** Why a connection attempt or a live link failed, in words an operator can act on. */
export type LinkErrorKind = 'auth' | 'tls' | 'network' | 'timeout' | 'config' | 'protocol';

export interface LinkError {
  kind: LinkErrorKind;
  message: string;
  code?: string | number;
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
]);

/** MQTT v5 CONNACK reason codes that mean "your credentials", not "the network". */
const AUTH_REASONS: Record<number, string> = {
  4: 'bad username or password (v3.1.1)',
  5: 'not authorized (v3.1.1)',
  134: 'bad username or password',
  135: 'not authorized',
  138: 'banned',
  140: 'bad authentication method',
};

export function classifyLinkError(error: unknown): LinkError {
  const e = error as { code?: string | number; message?: string };
  const code = e?.code;
  const text = e?.message ?? String(error);
  if (typeof code === 'number' && AUTH_REASONS[code]) {
    return { kind: 'auth', code, message: `broker refused the connection: ${AUTH_REASONS[code]} (reason ${code})` };
  }
  if (typeof code === 'number') return { kind: 'protocol', code, message: `broker refused the connection: ${text} (reason ${code})` };
  if ((typeof code === 'string' && (TLS_CODES.has(code) || code.startsWith('ERR_SSL'))) || /certificate|ssl|tls/i.test(text)) {
    return { kind: 'tls', code, message: `TLS handshake failed: ${text}${hint(code, text)}` };
  }
  return { kind: 'network', code, message: `network error: ${text}` };
}

function hint(code: string | number | undefined, text: string): string {
  const all = `${code ?? ''} ${text}`;
  if (/EXPIRED/i.test(all)) return ' (a certificate has expired: renew the client certificate)';
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNKNOWN_CA|ISSUER/i.test(all)) return ' (the server certificate is not signed by the configured CA file)';
  if (/CERTIFICATE_REQUIRED/i.test(all)) return ' (the broker requires a client certificate)';
  return '';
}
