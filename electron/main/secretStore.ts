import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the Core keeps passwords (the same shape as electron/core's SecretStore). */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

/** The part of Electron's `safeStorage` we use; injectable so this module is tested without Electron. */
export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Passwords for the Core, encrypted with the OS keychain (safeStorage) into `secrets.json` as base64. When the OS offers
 * no encryption (e.g. Linux without a keyring), they are kept in memory only for this run: never written in plain text.
 */
export function createSafeSecretStore(options: { file: string; cipher: Cipher; onUnavailable?(): void }): SecretStore {
  const { file, cipher } = options;
  const memory = new Map<string, string>();
  const readAll = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  let warned = false;
  const available = () => {
    const ok = cipher.isEncryptionAvailable();
    if (!ok && !warned) {
      warned = true;
      options.onUnavailable?.();
    }
    return ok;
  };
  return {
    async get(name) {
      if (memory.has(name)) return memory.get(name) ?? null;
      const stored = readAll()[name];
      if (!stored || !available()) return null;
      try {
        return cipher.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        return null; // Encrypted under another OS user or keychain: as good as unset.
      }
    },
    async set(name, value) {
      if (!available()) {
        memory.set(name, value);
        return;
      }
      memory.delete(name);
      const all = readAll();
      if (value) all[name] = cipher.encryptString(value).toString('base64');
      else delete all[name];
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
  };
}
