import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SettingsInput } from '../../shared/settings';

/** Where passwords go instead of the JSON file (Electron plugs safeStorage in); absent = they stay in memory only. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

const SECRETS = [
  ['kafka', 'sasl', 'password'],
  ['cassandra', 'credentials', 'password'],
] as const;

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function getPath(tree: Tree, path: readonly string[]): unknown {
  let node: unknown = tree;
  for (const key of path) node = isTree(node) ? node[key] : undefined;
  return node;
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

/** Reads and writes the settings file; passwords never touch it. */
export interface SettingsStore {
  load(): Promise<SettingsInput>;
  save(input: SettingsInput): Promise<void>;
}

export function createSettingsStore(file: string | null, secrets: SecretStore | null): SettingsStore {
  const memory = new Map<string, string>();
  const secretName = (path: readonly string[]) => path.join('.');
  return {
    async load() {
      let tree: Tree = {};
      if (file) {
        try {
          const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
          if (isTree(parsed)) tree = parsed;
        } catch {
          // No file yet (first run) or unreadable: defaults apply; the next save rewrites it.
        }
      }
      for (const path of SECRETS) {
        const name = secretName(path);
        const value = secrets ? await secrets.get(name) : (memory.get(name) ?? null);
        if (value) setPath(tree, path, value);
      }
      return tree as SettingsInput;
    },
    async save(input) {
      const tree = structuredClone(input) as Tree;
      for (const path of SECRETS) {
        const value = getPath(tree, path);
        if (typeof value === 'string') {
          if (secrets) await secrets.set(secretName(path), value);
          else memory.set(secretName(path), value);
          setPath(tree, path, '');
        }
      }
      if (!file) return;
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, `${JSON.stringify(tree, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    },
  };
}
