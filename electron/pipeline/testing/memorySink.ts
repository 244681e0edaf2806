import type { UserRow } from '../../../shared/user';
import type { SinkConnection, SinkConnector } from '../sinkConnector';

/** An in-memory sink (a fake of our SinkConnector) whose availability a test can switch off and on. */
export function createMemorySink() {
  const rows = new Map<string, UserRow>();
  let writes = 0;
  let down = false;
  const connector: SinkConnector = async () => {
    const connection: SinkConnection = {
      sink: {
        write(row, done) {
          setImmediate(() => {
            if (down) return done(new Error('fake sink unavailable'));
            writes++;
            rows.set(row.id, row);
            done();
          });
        },
      },
      classifyWriteError: () => 'unavailable',
      info: { dataCenter: 'memory' },
      close: async () => undefined,
    };
    return connection;
  };
  return {
    connector,
    rows,
    writes: () => writes,
    setDown(value: boolean) {
      down = value;
    },
  };
}
