import { useState } from 'react';

/** Initials from a name: `Ada Lovelace` → `AL`. */
export function initials(first: string | null, last: string | null): string {
  const a = first?.trim().charAt(0) ?? '';
  const b = last?.trim().charAt(0) ?? '';
  return (a + b).toUpperCase() || '?';
}

/** A user's picture, or their initials when there is none or it can't load. */
export function Avatar({
  src,
  first,
  last,
  size = 32,
}: {
  src: string | null;
  first: string | null;
  last: string | null;
  size?: number;
}) {
  const [failed, setFailed] = useState(false);
  const usable = src && /^https?:\/\//.test(src) && !failed;
  const style = { width: size, height: size, fontSize: size * 0.4 };
  return usable ? (
    <img
      className="avatar"
      src={src}
      alt=""
      style={style}
      onError={() => setFailed(true)}
      referrerPolicy="no-referrer"
    />
  ) : (
    <span className="avatar initials" aria-hidden="true" style={style}>
      {initials(first, last)}
    </span>
  );
}
