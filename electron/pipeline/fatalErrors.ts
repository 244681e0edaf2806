import cassandra from 'cassandra-driver';
import { SchemaMismatchError } from './userTable';

/** Problems no retry can fix: the pipeline goes to `error` with the reason instead of reconnecting forever. */
export function isFatalStartError(error: unknown): boolean {
  if (error instanceof SchemaMismatchError) return true;
  if (error instanceof cassandra.errors.AuthenticationError) return true;
  if (error instanceof cassandra.errors.ArgumentError) return true; // e.g. an unknown local data center
  if (error instanceof cassandra.errors.NoHostAvailableError) {
    const inner = Object.values(error.innerErrors ?? {});
    return inner.length > 0 && inner.every((e) => e instanceof cassandra.errors.AuthenticationError);
  }
  const name = error instanceof Error ? error.name : '';
  return name === 'KafkaJSSASLAuthenticationError';
}

/** A one-line, person-readable reason for a failed start. */
export function startFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof cassandra.errors.NoHostAvailableError) {
    const inner = Object.entries(error.innerErrors ?? {}).map(
      ([host, e]) => `${host}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return `Cassandra unreachable (${inner.join('; ') || message})`;
  }
  return message.split('\n')[0] ?? message;
}
