import { AlertTriangle } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Panel } from '../../components/Panel';
import { formatExact } from '../../components/format';
import { useApi, useAppStore } from '../../store/StoreContext';

/** The demo producer: on/off, rate and share of bad messages; warns when it would write to a real cluster. */
export function ProducerControls() {
  const api = useApi();
  const producer = useAppStore((s) => s.producer);
  const [rate, setRate] = useState('5');
  const [badPercent, setBadPercent] = useState('5');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!producer) return;
    setRate(String(producer.ratePerSecond));
    setBadPercent(String(Math.round(producer.badRatio * 100)));
  }, [producer?.ratePerSecond, producer?.badRatio]);

  const apply = async (running: boolean) => {
    setProblem(null);
    const ratePerSecond = Number(rate);
    const badRatio = Number(badPercent) / 100;
    if (!(ratePerSecond >= 0.1 && ratePerSecond <= 100_000))
      return setProblem('Rate: enter a number from 0.1 to 100000 messages per second');
    if (!(badRatio >= 0 && badRatio <= 1)) return setProblem('Bad messages: enter a percentage from 0 to 100');
    const result = running ? await api.producer.start({ ratePerSecond, badRatio }) : await api.producer.stop();
    if (!result.ok) setProblem(result.error.message);
  };
  const running = producer?.running ?? false;
  return (
    <Panel title="Demo producer">
      {producer?.targetIsExternal ? (
        <p className="banner warn small" role="alert">
          <AlertTriangle size={14} aria-hidden="true" /> Connected to a real cluster: the demo producer would write fake
          users to its topic.
        </p>
      ) : null}
      <form
        className="producer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void apply(true);
        }}
      >
        <label>
          Rate <span className="muted">(msg/s)</span>
          <input
            type="number"
            inputMode="decimal"
            min={0.1}
            step="any"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
          />
        </label>
        <label>
          Bad messages <span className="muted">(%)</span>
          <input type="number" min={0} max={100} value={badPercent} onChange={(e) => setBadPercent(e.target.value)} />
        </label>
        <button type="submit" className="button">
          {running ? 'Apply' : 'Start producer'}
        </button>
        {running ? (
          <button type="button" className="button" onClick={() => void apply(false)}>
            Stop producer
          </button>
        ) : null}
      </form>
      <p className="muted small" aria-live="polite">
        {running ? 'Producing' : 'Stopped'} · {formatExact(producer?.sent ?? 0)} sent
      </p>
      {problem ? (
        <p role="alert" className="inline-error">
          {problem}
        </p>
      ) : null}
    </Panel>
  );
}
