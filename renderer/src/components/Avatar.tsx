import { useState } from 'react';

/** Initials from a name: `Ada Lovelace` → `AL`. */
export function initials(first: string | null, last: string | null): string {
  const a = first?.trim().charAt(0) ?? '';
  const b = last?.trim().charAt(0) ?? '';
  return (a + b).toUpperCase() || '?';
}

/**
 * A user's picture over their initials: the initials show until the picture has loaded, and stay when it can't load
 * (offline, blocked, broken URL), so a slow image host never leaves a blank circle.
 */
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
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const usable = src !== null && /^https?:\/\//.test(src) && state !== 'failed';
  return (
    <span className="avatar initials" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.4 }}>
      {state === 'loaded' && usable ? null : initials(first, last)}
      {usable ? (
        <img
          className="avatar-img"
          src={src}
          alt=""
          referrerPolicy="no-referrer"
          loading="lazy"
          style={{ opacity: state === 'loaded' ? 1 : 0 }}
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      ) : null}
    </span>
  );
}
