import type { ReactNode } from 'react';
import { LABELS, type FormKey } from './settingsForm';

/** A labelled input with its inline problem, wired for screen readers (aria-invalid + aria-describedby). */
export function Field({
  name,
  problem,
  hint,
  wide,
  children,
}: {
  name: FormKey;
  problem?: string | undefined;
  hint?: string;
  wide?: boolean;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = `f-${name.replaceAll('.', '-')}`;
  const describedBy = problem ? `${id}-problem` : hint ? `${id}-hint` : undefined;
  return (
    <div className={wide ? 'wide-field' : undefined} style={{ display: 'grid', gap: 4, alignContent: 'start' }}>
      <label htmlFor={id}>{LABELS[name]}</label>
      {children({
        id,
        ...(problem ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {problem ? (
        <span id={`${id}-problem`} className="field-error">
          {problem}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
