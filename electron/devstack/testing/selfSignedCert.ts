// A throw-away self-signed certificate for 127.0.0.1 and localhost, made with Debian's openssl CLI at test time (no
// key material in the repository, no npm dependency). It is its own CA: clients trust it by passing the cert as `ca`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  /** PEM text. */
  key: string;
  cert: string;
  /** The same PEM files on disk, for clients that want a path (kcat's ssl.ca.location, the CLI's --tls-cert). */
  keyFile: string;
  certFile: string;
  /** Deletes the files. */
  remove(): void;
}

/** Generates a fresh 2048-bit RSA key and a certificate valid for two days, with CN and SANs 127.0.0.1 and localhost. */
export function selfSignedCert(): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'userstream-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make a test certificate (is Debian's openssl installed?): ${String(error)}`);
  }
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    keyFile,
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
