import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of a throwaway PKI generated with the `openssl` CLI for TLS tests. */
export interface TestPki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Signed by the CA but already expired (notAfter in the past). */
  expiredClientCert: string;
  expiredClientKey: string;
  /** A second, unrelated CA: a client trusting only it must reject the server. */
  otherCaCert: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function selfSignedCa(dir: string, name: string): Promise<void> {
  await openssl(['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`], dir);
}

async function signedLeaf(dir: string, name: string, cn: string, days: number, extFile?: string): Promise<void> {
  await openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
  const ext = extFile ? ['-extfile', extFile] : [];
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', String(days), ...ext], dir);
}

/** Generates CA, server (SAN 127.0.0.1/localhost), client, expired client and an unrelated CA. */
export async function generateTestPki(dir: string): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await selfSignedCa(dir, 'ca');
  await selfSignedCa(dir, 'other-ca');
  await signedLeaf(dir, 'server', 'localhost', 2, 'server.ext');
  await signedLeaf(dir, 'client', 'gateway-client', 2);
  await signedLeaf(dir, 'expired-client', 'gateway-expired', -1);
  const p = (f: string): string => join(dir, f);
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    expiredClientCert: p('expired-client.crt'),
    expiredClientKey: p('expired-client.key'),
    otherCaCert: p('other-ca.crt'),
  };
}
