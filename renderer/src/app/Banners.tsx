import { Database, PlugZap } from 'lucide-react';
import { useAppStore } from '../store/StoreContext';

/** Says when the host is unreachable, and when the app runs on the embedded stack (with the way out). */
export function Banners() {
  const connected = useAppStore((s) => s.connected);
  const embedded = useAppStore((s) => s.info?.embedded ?? false);
  const devstack = useAppStore((s) => s.info?.devstack ?? null);
  return (
    <>
      {!connected ? (
        <div className="banner warn" role="alert">
          <PlugZap size={16} aria-hidden="true" /> Not connected to Userstream. Reconnecting… If this lasts, check that{' '}
          <code>userstream web</code> is still running.
        </div>
      ) : null}
      {connected && embedded ? (
        <div className="banner info" role="note" aria-label="Embedded stack">
          <Database size={16} aria-hidden="true" />
          <span>
            <strong>Embedded dev stack</strong>
            {devstack ? ` · Kafka ${devstack.kafka} · CQL ${devstack.cql}` : ''} · demo data for trying things out
          </span>
          <a className="button small" href="#/settings">
            Connect to a cluster
          </a>
        </div>
      ) : null}
    </>
  );
}
