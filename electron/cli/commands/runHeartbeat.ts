/**
 * The client id a worker's consumer uses: the configured one with the worker id's first block appended, so a monitor
 * can tell the group's members apart and match each to its heartbeats (they otherwise all say `userstream`).
 */
export function workerClientId(base: string, workerId: string): string {
  return `${base}-${workerId.split('-')[0]}`;
}
