import type { ReactNode } from 'react';

/** Props of `Tile`. */
export interface TileProps {
  label: string;
  value: string;
  /** Exact value on hover. */
  exact?: string;
  unit?: string;
  /** Colour of the meaning (consumed, written, rejected, lag). */
  tone?: 'consumed' | 'written' | 'rejected' | 'lag' | 'latency' | 'neutral';
  trend?: ReactNode;
}

/** A big number with its unit and a small trend line. */
export function Tile({ label, value, exact, unit, tone = 'neutral', trend }: TileProps) {
  return (
    <div className={`tile tone-${tone}`} role="group" aria-label={label}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" title={exact}>
        {value}
        {unit ? <span className="unit"> {unit}</span> : null}
      </div>
      <div className="tile-trend">{trend}</div>
    </div>
  );
}
