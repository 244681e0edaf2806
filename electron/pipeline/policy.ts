import type { Settings } from '../../shared/settings';

/** What happens to a row Cassandra keeps refusing. */
export type ErrorPolicy = Settings['pipeline']['errorPolicy'];
