import { Lock } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionReportView, SettingsView as SettingsPayload } from '../../../../shared/ipc';
import { CONSISTENCY_LEVELS, ERROR_POLICIES, SASL_MECHANISMS } from '../../../../shared/settings';
import { useApi, useAppStore } from '../../store/StoreContext';
import { Field } from './Field';
import { ProfilesPanel } from './ProfilesPanel';
import { ResetOffsets } from './ResetOffsets';
import {
  formToInput,
  lockedFields,
  passwordProblems,
  settingsToForm,
  shownForm,
  validateForm,
  type FormKey,
  type SettingsForm,
} from './settingsForm';

function Report({ report }: { report: ConnectionReportView }) {
  const facts = Object.entries(report.details)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  return (
    <p role="status" className={`report ${report.ok ? 'ok' : 'fail'}`}>
      <strong>{report.ok ? 'OK' : 'Failed'}</strong> — {report.message}{' '}
      <span className="muted">
        ({Math.round(report.elapsedMs)} ms{facts ? ` · ${facts}` : ''})
      </span>
    </p>
  );
}

/**
 * Kafka, Cassandra, pipeline and embedded-stack settings of the active connection profile: inline validation, Test
 * buttons that test what the form shows, Save (restarts), reset offsets. Fields an environment variable, a flag or the
 * running embedded stack sets are shown read-only with where they come from.
 */
export function SettingsView() {
  const api = useApi();
  const host = useAppStore((s) => s.info?.host);
  const [saved, setSaved] = useState<SettingsPayload | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [touched, setTouched] = useState(false);
  const [kafkaReport, setKafkaReport] = useState<ConnectionReportView | null>(null);
  const [cassandraReport, setCassandraReport] = useState<ConnectionReportView | null>(null);
  const [testing, setTesting] = useState<'kafka' | 'cassandra' | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  /** The profile the form edits; another one in force (the header's switch) reloads the form. */
  const shownProfile = useRef<string | null>(null);
  const show = useCallback((view: SettingsPayload) => {
    shownProfile.current = view.profiles.active;
    setSaved(view);
    setForm(settingsToForm(view.profile));
    setTouched(false);
    setKafkaReport(null);
    setCassandraReport(null);
  }, []);
  const load = useCallback(
    () =>
      api.settings.get().then((r) => {
        if (!r.ok) return setOutcome({ ok: false, text: `Could not load settings: ${r.error.message}` });
        show(r.value);
      }),
    [api, show],
  );
  useEffect(() => {
    void load();
    // Another profile in force (the header's switch): show its settings.
    return api.settings.onProfiles((p) => {
      if (shownProfile.current !== null && p.active !== shownProfile.current) void load();
    });
  }, [api, load]);

  const locked = useMemo(() => (form && saved ? lockedFields(form, saved) : {}), [form, saved]);
  const problems = useMemo(
    () => (form && saved ? { ...passwordProblems(form, saved), ...validateForm(form, saved.profile) } : {}),
    [form, saved],
  );
  if (!form || !saved) return <div className="empty">{outcome?.text ?? 'Loading settings…'}</div>;

  const set = <K extends FormKey>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setTouched(true);
  };
  const lockHint = (key: FormKey, hint: string | undefined) => {
    const lock = problems[key] ? undefined : locked[key];
    return lock ? lock.label : hint;
  };
  const text = (key: FormKey, opts: { type?: string; placeholder?: string; hint?: string; wide?: boolean } = {}) => {
    // A password the environment gives for other hosts is asked for: the field opens for typing.
    const lock = opts.type === 'password' && problems[key] ? undefined : locked[key];
    return (
      <Field name={key} problem={problems[key]} hint={lockHint(key, opts.hint)} wide={opts.wide}>
        {(p) => (
          <span className={lock ? 'locked-input' : undefined}>
            <input
              {...p}
              type={opts.type ?? 'text'}
              value={lock ? (opts.type === 'password' ? '' : lock.value) : String(form[key])}
              placeholder={
                lock && opts.type === 'password' ? (lock.label.includes('embedded') ? '' : '(set)') : opts.placeholder
              }
              readOnly={Boolean(lock)}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set(key, e.target.value as never)}
            />
            {lock ? <Lock size={12} aria-hidden="true" /> : null}
          </span>
        )}
      </Field>
    );
  };
  const select = (key: FormKey, options: readonly string[]) => {
    const lock = locked[key];
    return (
      <Field name={key} problem={problems[key]} hint={lockHint(key, undefined)}>
        {(p) => (
          <select
            {...p}
            value={lock ? lock.value : String(form[key])}
            disabled={Boolean(lock)}
            onChange={(e) => set(key, e.target.value as never)}
          >
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  };
  const check = (key: FormKey, label: string) => {
    const lock = locked[key];
    return (
      <label className="check">
        <input
          type="checkbox"
          checked={lock ? lock.value === 'true' : Boolean(form[key])}
          disabled={Boolean(lock)}
          onChange={(e) => set(key, e.target.checked as never)}
        />{' '}
        {label}
        {lock ? <span className="muted small"> ({lock.label})</span> : null}
      </label>
    );
  };
  const memoryOnly = saved.secretStorage === 'memory';
  const passwordHint = (side: 'kafka' | 'cassandra') => {
    const stored = saved.passwords[side].stored;
    if (!memoryOnly)
      return stored
        ? 'A password is stored for these hosts: leave empty to keep it'
        : 'Stored encrypted in the OS keychain; never shown again';
    const why = host === 'web' ? 'Browser mode has no keychain' : 'No OS keychain is available';
    const variable = side === 'kafka' ? 'KAFKA_SASL_PASSWORD' : 'CASSANDRA_PASSWORD';
    return `${stored ? 'Kept for these hosts: leave empty to keep it. ' : ''}${why}: passwords last for this run only (or set ${variable})`;
  };
  const invalid = Object.keys(problems).length > 0;

  const test = async (which: 'kafka' | 'cassandra') => {
    setTesting(which);
    // Exactly what the form shows: environment- and flag-set fields with the value in force.
    const input = formToInput(shownForm(form, saved), saved.profile) as Record<string, unknown>;
    const result = which === 'kafka' ? await api.settings.testKafka(input) : await api.settings.testCassandra(input);
    setTesting(null);
    const report: ConnectionReportView = result.ok
      ? result.value
      : { ok: false, code: result.error.code, message: result.error.message, details: {}, elapsedMs: 0 };
    if (which === 'kafka') setKafkaReport(report);
    else setCassandraReport(report);
  };
  const caField = (key: 'kafka.ssl.ca' | 'cassandra.tls.ca') => (
    <Field name={key} wide hint="Leave empty to trust the system's CAs">
      {(p) => (
        <textarea
          {...p}
          className="code"
          style={{ minHeight: 80 }}
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );
  const testButton = (which: 'kafka' | 'cassandra', label: string) => (
    <div className="wide-field" style={{ display: 'flex', gap: 8 }}>
      <button type="button" className="button" disabled={testing !== null || invalid} onClick={() => void test(which)}>
        {testing === which ? `Testing ${label}…` : `Test ${label}`}
      </button>
    </div>
  );
  const save = async () => {
    setSaving(true);
    setOutcome(null);
    const result = await api.settings.save(formToInput(form, saved.profile) as Record<string, unknown>);
    setSaving(false);
    if (result.ok) {
      show(result.value);
      setOutcome({
        ok: true,
        text: result.value.settings.pipeline.monitorOnly
          ? 'Saved. Monitor only: the pipeline is stopped and stays out of the group; the Workers view watches it.'
          : 'Saved. The pipeline restarted with the new settings.',
      });
    } else {
      const list = result.error.problems?.map((p) => `${p.field}: ${p.message}`).join('; ');
      setOutcome({ ok: false, text: `Not saved: ${list ?? result.error.message}` });
    }
  };
  const active = saved.profiles.profiles.find((p) => p.id === saved.profiles.active);

  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <ProfilesPanel profiles={saved.profiles} onSwitched={show} />
      <form
        className="settings-form"
        aria-label="Settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="muted small" style={{ margin: 0 }}>
          Editing the profile <strong>{active?.name ?? saved.profiles.active}</strong>.
        </p>
        <fieldset>
          <legend>Kafka</legend>
          {text('kafka.brokers', {
            placeholder: 'host:9092, host2:9092',
            hint: 'Comma-separated host:port',
            wide: true,
          })}
          {text('kafka.topic')}
          {text('kafka.groupId')}
          {text('kafka.clientId')}
          {select('kafka.startFrom', ['earliest', 'latest'])}
          {select('kafka.sasl.mechanism', SASL_MECHANISMS)}
          {text('kafka.sasl.username')}
          {text('kafka.sasl.password', { type: 'password', hint: passwordHint('kafka') })}
          {check('kafka.ssl.enabled', 'Use SSL')}
          {form['kafka.ssl.enabled'] && !locked['kafka.ssl.enabled'] ? caField('kafka.ssl.ca') : null}
          {testButton('kafka', 'Kafka')}
          {kafkaReport ? <Report report={kafkaReport} /> : null}
        </fieldset>
        <fieldset>
          <legend>Cassandra</legend>
          {text('cassandra.contactPoints', { placeholder: 'host:9042', hint: 'Comma-separated host:port', wide: true })}
          {text('cassandra.localDataCenter', { hint: 'Empty: the one the first contact point reports' })}
          {text('cassandra.keyspace')}
          {text('cassandra.table')}
          {select('cassandra.replication.class', ['SimpleStrategy', 'NetworkTopologyStrategy'])}
          {text('cassandra.replication', {
            hint: form['cassandra.replication.class'] === 'SimpleStrategy' ? 'Replication factor' : 'dc1:3, dc2:2',
          })}
          {select('cassandra.consistency', CONSISTENCY_LEVELS)}
          {text('cassandra.credentials.username')}
          {text('cassandra.credentials.password', { type: 'password', hint: passwordHint('cassandra') })}
          {check('cassandra.tls.enabled', 'Use TLS')}
          {form['cassandra.tls.enabled'] && !locked['cassandra.tls.enabled'] ? caField('cassandra.tls.ca') : null}
          {testButton('cassandra', 'Cassandra')}
          {cassandraReport ? <Report report={cassandraReport} /> : null}
        </fieldset>
        <fieldset>
          <legend>Pipeline</legend>
          {text('pipeline.inFlightLimit', { type: 'text' })}
          {text('pipeline.deadLetterTopic', { hint: 'Empty: dead-lettering off' })}
          {select('pipeline.errorPolicy', ERROR_POLICIES)}
          {text('pipeline.maxWriteAttempts')}
          {check(
            'pipeline.monitorOnly',
            "Monitor only: watch the group's workers and never consume (the pipeline does not start, so it takes no partitions)",
          )}
        </fieldset>
        <fieldset>
          <legend>Embedded dev stack</legend>
          {check('devstack.enabled', 'Use the embedded dev stack (its addresses replace the cluster fields above)')}
        </fieldset>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <button type="submit" className="button primary" disabled={invalid || saving}>
            {saving ? 'Saving…' : 'Save and restart pipeline'}
          </button>
          <button
            type="button"
            className="button"
            disabled={!touched}
            onClick={() => {
              setForm(settingsToForm(saved.profile));
              setTouched(false);
            }}
          >
            Discard changes
          </button>
          {invalid ? <span className="field-error">Fix the fields marked above to save.</span> : null}
        </div>
        {outcome ? (
          <p role={outcome.ok ? 'status' : 'alert'} className={`report ${outcome.ok ? 'ok' : 'fail'}`}>
            {outcome.text}
          </p>
        ) : null}
        <ResetOffsets topic={saved.settings.kafka.topic} group={saved.settings.kafka.groupId} />
      </form>
    </div>
  );
}
