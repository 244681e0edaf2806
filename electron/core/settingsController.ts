// The settings in force for one core: the profiles file, the active profile's secrets and the layers above it
// (environment, flags). Everything that decides which password goes where lives here, so the transports never do.
import type { Logger } from '../../shared/logger';
import { mergeSettings } from '../../shared/mergeSettings';
import { err, ok, type Result } from '../../shared/result';
import {
  bindingChange,
  needsPassword,
  passwordAgainMessage,
  SECRET_PATHS,
  SECRET_SIDES,
  secretBinding,
  type SecretSide,
} from '../../shared/secretBinding';
import { parseSettings, type Settings, type SettingsInput, type SettingsProblem } from '../../shared/settings';
import { settingsFromEnv } from '../../shared/settingsEnv';
import { fieldOrigins, SETTING_FIELDS, valueAt } from '../../shared/settingsSources';
import { createProfileBook, type ProfileBook } from './profileBook';
import { type SettingsStore, type StoredSecret } from './settingsStore';

type Secrets = Record<SecretSide, StoredSecret | null>;
type Tree = Record<string, unknown>;

/** Options of `createSettingsController`. */
export interface SettingsControllerOptions {
  store: SettingsStore;
  env?: Readonly<Record<string, string | undefined>>;
  /** The CLI's flags: layered over the environment, never persisted. */
  flags?: SettingsInput;
  /** Decides `devstack.enabled` for this start only (a first run, `--embedded`), until a save or a switch. */
  embedded?: boolean;
  logger: Logger;
}

/** A change that validated: what it resolves to, and the write that makes it stick. */
export interface PreparedChange {
  settings: Settings;
  commit(): Promise<void>;
}

const setAt = (tree: Tree, path: readonly string[], value: unknown) => {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Tree;
  }
  if (value === undefined) delete node[path[path.length - 1]!];
  else node[path[path.length - 1]!] = value;
};

const typedPassword = (input: SettingsInput, side: SecretSide) => {
  const value = valueAt(input, SECRET_PATHS[side].join('.'));
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/** The core's view of its settings; see the header comment. */
export type SettingsController = Awaited<ReturnType<typeof createSettingsController>>;

/** Loads the profiles and the active profile's secrets; a first run gets one profile (embedded or not). */
export async function createSettingsController(options: SettingsControllerOptions) {
  const { store, logger } = options;
  const envInput = options.env ? settingsFromEnv(options.env) : undefined;
  const flags = options.flags;
  const book: ProfileBook = createProfileBook(await store.load(), options.embedded === true);
  let startOverride: SettingsInput | undefined =
    options.embedded === undefined ? undefined : { devstack: { enabled: options.embedded } };
  const loadSecrets = async (profile: string): Promise<Secrets> => ({
    kafka: await store.getSecret(profile, 'kafka'),
    cassandra: await store.getSecret(profile, 'cassandra'),
  });
  let secrets = await loadSecrets(book.active().id);

  /** The active profile's input in force (with this start's embedded choice until a save or a switch). */
  const profileInput = (): SettingsInput => mergeSettings(book.active().settings, startOverride);

  /**
   * Resolves layers (later winning) and fills each empty password from its stored secret only while the secret's
   * binding (hosts, mechanism, user) still holds. `strict`: a binding that moved while a password is needed is a
   * problem on the password field (a form's Test or Save); otherwise the password just stays empty (a start).
   */
  const resolve = (
    layers: (SettingsInput | undefined)[],
    given: SettingsInput,
    held: Secrets,
    strict: boolean,
  ): Result<{ settings: Settings; secrets: Secrets }, SettingsProblem[]> => {
    const parsed = parseSettings(mergeSettings(...layers));
    if (!parsed.ok) return parsed;
    const settings = parsed.value;
    const next: Secrets = { ...held };
    const problems: SettingsProblem[] = [];
    for (const side of SECRET_SIDES) {
      const path = SECRET_PATHS[side];
      const binding = secretBinding(side, settings);
      const typed = typedPassword(given, side);
      const stored = held[side];
      const current = valueAt(settings, path.join('.'));
      if (typed !== null) {
        // Typed on the form for these settings: it wins over the environment's, and is stored for them.
        setAt(settings as unknown as Tree, path, typed);
        next[side] = { password: typed, boundTo: binding };
      } else if (typeof current === 'string' && current.length > 0) {
        // From the environment: bound like a stored one, to the hosts, user and mechanism in force at start.
        const bound = envBound[side];
        if (bound !== null && bound !== binding) {
          setAt(settings as unknown as Tree, path, '');
          if (strict && needsPassword(side, settings))
            problems.push({
              field: path.join('.'),
              message: passwordAgainMessage(bindingChange(bound, binding) ?? 'host'),
            });
        }
      } else if (stored && (stored.boundTo === null || stored.boundTo === binding)) {
        setAt(settings as unknown as Tree, path, stored.password);
        if (stored.boundTo === null) next[side] = { ...stored, boundTo: binding };
      } else if (stored && needsPassword(side, settings)) {
        const change = bindingChange(stored.boundTo ?? '', binding) ?? 'host';
        if (strict) problems.push({ field: path.join('.'), message: passwordAgainMessage(change) });
      } else if (stored && strict) {
        next[side] = null; // No password needed where it now points: nothing to keep it for.
      }
    }
    return problems.length > 0 ? err(problems) : ok({ settings, secrets: next });
  };

  const persistSecrets = async (profile: string, before: Secrets, after: Secrets) => {
    for (const side of SECRET_SIDES)
      if (JSON.stringify(before[side]) !== JSON.stringify(after[side]))
        await store.setSecret(profile, side, after[side]);
  };

  /** Where each password from the environment may go: the settings this run started with. */
  const envBound: Record<SecretSide, string | null> = { kafka: null, cassandra: null };
  const atStart = parseSettings(mergeSettings(profileInput(), envInput, flags));
  for (const side of SECRET_SIDES)
    if (atStart.ok && valueAt(envInput, SECRET_PATHS[side].join('.')) !== undefined)
      envBound[side] = secretBinding(side, atStart.value);
  const first = resolve([profileInput(), envInput, flags], {}, secrets, false);
  if (!first.ok) throw new Error(`invalid settings: ${first.error.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  let effective = first.value.settings;
  // A password stored before secrets were bound is bound now, to where it was being used.
  await persistSecrets(book.active().id, secrets, first.value.secrets);
  secrets = first.value.secrets;
  for (const side of SECRET_SIDES)
    if (secrets[side] && !valueAt(effective, SECRET_PATHS[side].join('.')))
      logger.warn({ side }, 'stored password not used: it was entered for another host, user or mechanism');

  /** Fields an environment variable or a flag sets keep the profile's own value when saved (the form shows them locked). */
  const restoreLocked = (input: SettingsInput): SettingsInput => {
    const origins = fieldOrigins({ file: {}, env: envInput, flags, embedded: false });
    const out = structuredClone(input) as Tree;
    const own = book.active().settings;
    for (const field of SETTING_FIELDS) {
      const source = origins[field].source;
      if (source === 'env' || source === 'flag') setAt(out, field.split('.'), structuredClone(valueAt(own, field)));
    }
    return out as SettingsInput;
  };

  return {
    book,
    envInput,
    flags,
    /** The settings in force, passwords included (never logged, never sent to a renderer). */
    effective: () => effective,
    secrets: () => secrets,
    profileInput,
    /** The binding of each password the environment gives (null: none given). */
    envBound: () => envBound,
    persistentSecrets: store.persistentSecrets,
    /** What a Test button checks: `input` over the settings in force, so the form's values win over the environment. */
    testTarget(input: SettingsInput): Result<Settings, SettingsProblem[]> {
      const resolved = resolve([profileInput(), envInput, flags, input], input, secrets, true);
      return resolved.ok ? ok(resolved.value.settings) : resolved;
    },
    /** Validates a Save of the active profile; `commit` writes the file and the secrets. */
    prepareSave(input: SettingsInput): Result<PreparedChange, SettingsProblem[]> {
      const keepChoice =
        input.devstack?.enabled === undefined ? { devstack: { enabled: effective.devstack.enabled } } : undefined;
      const own = restoreLocked(mergeSettings(keepChoice, input));
      const resolved = resolve([own, envInput, flags], own, secrets, true);
      if (!resolved.ok) return resolved;
      const profile = book.active().id;
      return ok({
        settings: resolved.value.settings,
        async commit() {
          book.update(profile, own);
          await store.save(book.file());
          await persistSecrets(profile, secrets, resolved.value.secrets);
          secrets = resolved.value.secrets;
          startOverride = undefined;
          effective = resolved.value.settings;
        },
      });
    },
    /** Validates a switch to another profile (its own secrets, bound as stored); `commit` makes it the active one. */
    async prepareSwitch(id: string): Promise<Result<PreparedChange, SettingsProblem[]>> {
      const target = book.get(id);
      if (!target) return err([{ field: 'profile', message: `no profile "${id}"` }]);
      const held = await loadSecrets(id);
      const resolved = resolve([target.settings, envInput, flags], {}, held, false);
      if (!resolved.ok) return resolved;
      return ok({
        settings: resolved.value.settings,
        async commit() {
          book.setActive(id);
          await store.save(book.file());
          await persistSecrets(id, held, resolved.value.secrets);
          secrets = resolved.value.secrets;
          startOverride = undefined;
          effective = resolved.value.settings;
        },
      });
    },
    /** Saves the profile list after a create, rename, delete or import; a deleted profile's secrets go with it. */
    async saveBook(deleted?: string): Promise<void> {
      await store.save(book.file());
      if (deleted) for (const side of SECRET_SIDES) await store.setSecret(deleted, side, null);
    },
  };
}
