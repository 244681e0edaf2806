import { useRef, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { formatExact } from '../../components/format';
import { useApi } from '../../store/StoreContext';
import { computeDemographics, type Demographics } from './demographics';
import { scanUsers } from './scanUsers';

const SAMPLE = 2000;

function Bars({ title, data }: { title: string; data: [string, number][] }) {
  const max = Math.max(1, ...data.map(([, n]) => n));
  return (
    <Panel title={title}>
      <div className="bars">
        {data.map(([label, n]) => (
          <div className="bar" key={label}>
            <span className="ellipsis" title={label}>
              {label}
            </span>
            <span className="bar-fill" style={{ width: `${(n / max) * 100}%` }} aria-hidden="true" />
            <span style={{ textAlign: 'right' }}>{formatExact(n)}</span>
          </div>
        ))}
      </div>
    </Panel>
  );
}

/** Gender split, age histogram, top countries and registrations per year, over a sample or the whole table. */
export function DemographicsPanel() {
  const api = useApi();
  const [result, setResult] = useState<{ stats: Demographics; sample: boolean } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = async (whole: boolean) => {
    setProblem(null);
    controller.current = new AbortController();
    setProgress(0);
    try {
      const scan = await scanUsers(api, {
        limit: whole ? undefined : SAMPLE,
        signal: controller.current.signal,
        onProgress: setProgress,
      });
      if (!scan.cancelled) setResult({ stats: computeDemographics(scan.rows), sample: !scan.complete });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setProgress(null);
    }
  };

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void run(false)} disabled={progress !== null}>
          Sample {formatExact(SAMPLE)} users
        </button>
        <button type="button" className="button" onClick={() => void run(true)} disabled={progress !== null}>
          Whole table
        </button>
        {progress !== null ? (
          <span className="progress" role="status">
            Reading… {formatExact(progress)} users
            <button type="button" className="button small" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          </span>
        ) : null}
        {result ? (
          <span className="muted" role="status">
            {result.sample
              ? `Over a sample of the first ${formatExact(result.stats.total)} users`
              : `Over all ${formatExact(result.stats.total)} users`}
          </span>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="inline-error">
          {problem}
        </p>
      ) : null}
      {result ? (
        <div className="two-col">
          <Bars title="Gender" data={result.stats.gender} />
          <Bars title="Age" data={result.stats.ages} />
          <Bars title="Top countries" data={result.stats.countries} />
          <Bars title="Registrations per year" data={result.stats.registrationsPerYear} />
        </div>
      ) : (
        <EmptyState>Choose a sample for a quick look, or the whole table for exact figures.</EmptyState>
      )}
    </div>
  );
}
