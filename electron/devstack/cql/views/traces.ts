// Request tracing (the frame's tracing flag): each traced request gets a session in system_traces.sessions and its
// steps in system_traces.events, kept in memory for the last `limit` sessions (Cassandra keeps them a day with a TTL;
// a dev store keeps a bounded number instead).
import { inetCell, intCell, textCell, textMapCell, timestampCell, timeUuid, type SystemRow } from './cells';

interface TraceEvent {
  id: Buffer;
  activity: string;
  elapsedMicros: number;
}

interface TraceSession {
  id: Buffer;
  client: string;
  command: string;
  request: string;
  parameters: Record<string, string>;
  startedAt: number;
  startNanos: bigint;
  /** Null while the request runs: drivers poll until it is set. */
  durationMicros: number | null;
  events: TraceEvent[];
}

/** One traced request: add events as it runs, then finish. */
export interface Trace {
  readonly id: Buffer;
  event(activity: string): void;
  finish(): void;
}

export interface TraceStore {
  begin(options: { client: string; command: string; request: string; parameters: Record<string, string> }): Trace;
  sessionRows(): SystemRow[];
  eventRows(): SystemRow[];
}

/** Events per session beyond which further ones are dropped (a batch of thousands would otherwise keep thousands). */
const MAX_EVENTS = 100;
const THREAD = 'Native-Transport-Requests-1';

export function createTraceStore(options: {
  limit: number;
  coordinator: () => { address: string; port: number };
}): TraceStore {
  const sessions = new Map<string, TraceSession>();
  return {
    begin({ client, command, request, parameters }) {
      const session: TraceSession = {
        id: timeUuid(),
        client,
        command,
        request,
        parameters,
        startedAt: Date.now(),
        startNanos: process.hrtime.bigint(),
        durationMicros: null,
        events: [],
      };
      sessions.set(session.id.toString('hex'), session);
      // Oldest first in a Map: drop from the front past the limit.
      for (const key of sessions.keys()) {
        if (sessions.size <= options.limit) break;
        sessions.delete(key);
      }
      const elapsed = (): number => Number((process.hrtime.bigint() - session.startNanos) / 1000n);
      return {
        id: session.id,
        event(activity) {
          if (session.events.length < MAX_EVENTS)
            session.events.push({ id: timeUuid(), activity, elapsedMicros: elapsed() });
        },
        finish() {
          session.durationMicros = Math.max(1, elapsed());
        },
      };
    },
    sessionRows() {
      const c = options.coordinator();
      return [...sessions.values()].map((s) => ({
        session_id: s.id,
        client: inetCell(s.client),
        command: textCell(s.command),
        coordinator: inetCell(c.address),
        coordinator_port: intCell(c.port),
        duration: s.durationMicros === null ? null : intCell(s.durationMicros),
        parameters: textMapCell(s.parameters),
        request: textCell(s.request),
        started_at: timestampCell(s.startedAt),
      }));
    },
    eventRows() {
      const c = options.coordinator();
      const source = inetCell(c.address);
      const port = intCell(c.port);
      return [...sessions.values()].flatMap((s) =>
        s.events.map((e) => ({
          session_id: s.id,
          event_id: e.id,
          activity: textCell(e.activity),
          source,
          source_elapsed: intCell(e.elapsedMicros),
          source_port: port,
          thread: textCell(THREAD),
        })),
      );
    },
  };
}
