import type { LinkStatus } from '../../../../shared/pipelineState';
import { useAppStore } from '../../store/StoreContext';

function Chip({ name, link }: { name: string; link: LinkStatus | undefined }) {
  const state = link?.state ?? 'unknown';
  const word = state === 'up' ? 'up' : state === 'down' ? 'down' : 'unknown';
  const search =
    link?.search === 'sai'
      ? 'search: SAI indexes'
      : link?.search === 'lookup-tables'
        ? 'search: lookup tables'
        : undefined;
  const facts = [link?.address, link?.detail, link?.version ? `v${link.version}` : undefined, search]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className={`chip link-${state}`} role="group" aria-label={`${name} ${word}`} title={link?.reason}>
      <span className="dot" aria-hidden="true" />
      <strong>{name}</strong> <span>{word}</span>
      <span className="muted small">{facts}</span>
      {state === 'down' && link?.reason ? <span className="small">— {link.reason}</span> : null}
    </div>
  );
}

/** Kafka and Cassandra as the pipeline last saw them: address, data center, version, how search is served, up/down. */
export function ConnectionChips() {
  const kafka = useAppStore((s) => s.status?.kafka);
  const cassandra = useAppStore((s) => s.status?.cassandra);
  return (
    <div className="chips">
      <Chip name="Kafka" link={kafka} />
      <Chip name="Cassandra" link={cassandra} />
    </div>
  );
}
