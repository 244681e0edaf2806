import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLineView } from '../../../../shared/ipc';
import { EmptyState } from '../../components/EmptyState';
import { formatClock } from '../../components/format';
import { useAppStore } from '../../store/StoreContext';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const rank = (level: LogLineView['level']) => LEVELS.indexOf(level);

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? `  ${parts.join(' ')}` : '';
}

/** The live log tail (virtualised), filtered by minimum level, following new lines unless scrolled up. */
export function LogsView() {
  const logs = useAppStore((s) => s.logs);
  const logFile = useAppStore((s) => s.info?.logFile);
  const [minLevel, setMinLevel] = useState<LogLineView['level']>('info');
  const [follow, setFollow] = useState(true);
  const shown = useMemo(() => logs.filter((l) => rank(l.level) >= rank(minLevel)), [logs, minLevel]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 20,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && shown.length > 0) virtual.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, virtual]);

  return (
    <div>
      <div className="toolbar">
        <label>
          Level
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLineView['level'])}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow new lines
        </label>
        <span className="muted small" style={{ marginLeft: 'auto' }}>
          Log file: <code data-testid="log-file">{logFile ?? '—'}</code>
        </span>
      </div>
      {shown.length === 0 ? (
        <EmptyState>No log lines at this level yet.</EmptyState>
      ) : (
        <div className="log-list" ref={scroller} role="log" aria-label="Log lines" tabIndex={0}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const line = shown[item.index];
              if (!line) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtual.measureElement}
                  className={`log-line lvl-${line.level}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                >
                  <span className="muted">{formatClock(line.at)}</span>
                  <span>{line.level.toUpperCase()}</span>
                  <span>
                    {line.message}
                    <span className="muted">{fieldsText(line.fields)}</span>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
