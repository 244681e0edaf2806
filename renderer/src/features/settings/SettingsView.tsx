import { useEffect, useMemo, useState } from 'react';
import type { ConnectionReportView, SettingsView as SettingsPayload } from '../../../../shared/ipc';
import { CONSISTENCY_LEVELS, ERROR_POLICIES, SASL_MECHANISMS } from '../../../../shared/settings';
import { useApi } from '../../store/StoreContext';
import { Field } from './Field';
import { ResetOffsets } from './ResetOffsets';
import { formToInput, settingsToForm, validateForm, type FormKey, type SettingsForm } from './settingsForm';

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

/** Kafka, Cassandra, pipeline and embedded-stack settings: inline validation, Test buttons, Save (restarts), reset offsets. */
export function SettingsView() {
  const api = useApi();
  const [saved, setSaved] = useState<SettingsPayload | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [touched, setTouched] = useState(false);
  const [kafkaReport, setKafkaReport] = useState<ConnectionReportView | null>(null);
  const [cassandraReport, setCassandraReport] = useState<ConnectionReportView | null>(null);
  const [testing, setTesting] = useState<'kafka' | 'cassandra' | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void api.settings.get().then((r) => {
      if (!r.ok) return setOutcome({ ok: false, text: `Could not load settings: ${r.error.message}` });
      setSaved(r.value);
      setForm(settingsToForm(r.value.settings));
    });
  }, [api]);

  const problems = useMemo(() => (form && saved ? validateForm(form, saved.settings) : {}), [form, saved]);
  if (!form || !saved) return <div className="empty">{outcome?.text ?? 'Loading settings…'}</div>;

  const set = <K extends FormKey>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setTouched(true);
  };
  const text = (key: FormKey, opts: { type?: string; placeholder?: string; hint?: string; wide?: boolean } = {}) => (
    <Field name={key} problem={problems[key]} hint={opts.hint} wide={opts.wide}>
      {(p) => (
        <input
          {...p}
          type={opts.type ?? 'text'}
          value={String(form[key])}
          placeholder={opts.placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </Field>
  );
  const select = (key: FormKey, options: readonly string[]) => (
    <Field name={key} problem={problems[key]}>
      {(p) => (
        <select {...p} value={String(form[key])} onChange={(e) => set(key, e.target.value as never)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const check = (key: FormKey) => (
    <label className="check">
      <input type="checkbox" checked={Boolean(form[key])} onChange={(e) => set(key, e.target.checked as never)} />{' '}
      {key.endsWith('enabled') && key.startsWith('devstack')
        ? 'Use the embedded dev stack (ignores the addresses above)'
        : key.includes('ssl')
          ? 'Use SSL'
          : 'Use TLS'}
    </label>
  );
  const passwordHint = (stored: boolean) =>
    stored ? 'A password is stored: leave empty to keep it' : 'Stored encrypted; never shown again';
  const invalid = Object.keys(problems).length > 0;
  const input = () => formToInput(form, saved.settings) as Record<string, unknown>;

  const test = async (which: 'kafka' | 'cassandra') => {
    setTesting(which);
    const result =
      which === 'kafka' ? await api.settings.testKafka(input()) : await api.settings.testCassandra(input());
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
    const result = await api.settings.save(input());
    setSaving(false);
    if (result.ok) {
      setSaved(result.value);
      setForm(settingsToForm(result.value.settings));
      setTouched(false);
      setOutcome({ ok: true, text: 'Saved. The pipeline restarted with the new settings.' });
    } else {
      const list = result.error.problems?.map((p) => `${p.field}: ${p.message}`).join('; ');
      setOutcome({ ok: false, text: `Not saved: ${list ?? result.error.message}` });
    }
  };

  return (
    <form
      className="settings-form"
      aria-label="Settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>Kafka</legend>
        {text('kafka.brokers', { placeholder: 'host:9092, host2:9092', hint: 'Comma-separated host:port', wide: true })}
        {text('kafka.topic')}
        {text('kafka.groupId')}
        {text('kafka.clientId')}
        {select('kafka.startFrom', ['earliest', 'latest'])}
        {select('kafka.sasl.mechanism', SASL_MECHANISMS)}
        {text('kafka.sasl.username')}
        {text('kafka.sasl.password', { type: 'password', hint: passwordHint(saved.passwordSet.kafka) })}
        {check('kafka.ssl.enabled')}
        {form['kafka.ssl.enabled'] ? caField('kafka.ssl.ca') : null}
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
        {text('cassandra.credentials.password', { type: 'password', hint: passwordHint(saved.passwordSet.cassandra) })}
        {check('cassandra.tls.enabled')}
        {form['cassandra.tls.enabled'] ? caField('cassandra.tls.ca') : null}
        {testButton('cassandra', 'Cassandra')}
        {cassandraReport ? <Report report={cassandraReport} /> : null}
      </fieldset>
      <fieldset>
        <legend>Pipeline</legend>
        {text('pipeline.inFlightLimit', { type: 'text' })}
        {text('pipeline.deadLetterTopic', { hint: 'Empty: dead-lettering off' })}
        {select('pipeline.errorPolicy', ERROR_POLICIES)}
        {text('pipeline.maxWriteAttempts')}
      </fieldset>
      <fieldset>
        <legend>Embedded dev stack</legend>
        {check('devstack.enabled')}
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
            setForm(settingsToForm(saved.settings));
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
  );
}
