// Consistency levels checked as Cassandra's ConsistencyLevel.validateForRead / validateForWrite / validateForCas do:
// ANY is for writes only, SERIAL and LOCAL_SERIAL only for conditional updates (and reads), and a conditional
// update's serial consistency must be one of them. On one node every level is otherwise met.
import { InvalidRequest } from './bind';

const ANY = 0x0000;
const SERIAL = 0x0008;
const LOCAL_SERIAL = 0x0009;

const isSerial = (cl: number) => cl === SERIAL || cl === LOCAL_SERIAL;

/** Protocol names of the levels by code, as Cassandra prints them in messages and trace parameters. */
export const CONSISTENCY_NAMES: readonly string[] = [
  'ANY',
  'ONE',
  'TWO',
  'THREE',
  'QUORUM',
  'ALL',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'SERIAL',
  'LOCAL_SERIAL',
  'LOCAL_ONE',
];

export function checkReadConsistency(consistency: number): void {
  if (consistency === ANY) throw new InvalidRequest('ANY ConsistencyLevel is only supported for writes');
}

/** A plain (non-conditional) write, alone or in a batch. */
export function checkWriteConsistency(consistency: number): void {
  if (isSerial(consistency)) throw new InvalidRequest('You must use conditional updates for serializable writes');
}

/** A conditional write (IF ...): the commit level may not be serial; the serial level must be. */
export function checkCasConsistency(consistency: number, serialConsistency: number | null): void {
  if (isSerial(consistency))
    throw new InvalidRequest(
      `${CONSISTENCY_NAMES[consistency] ?? consistency} is not supported as conditional update commit consistency. Use ANY if you mean ` +
        '"make sure it is accepted but I don\'t care how many replicas commit it for non-SERIAL reads"',
    );
  if (serialConsistency !== null && !isSerial(serialConsistency))
    throw new InvalidRequest('Invalid consistency for conditional update. Must be one of SERIAL or LOCAL_SERIAL');
}

/** A single write's levels: checked as conditional (IF ...) or plain. */
export function checkDmlConsistency(
  conditional: boolean,
  options: { consistency: number; serialConsistency: number | null },
): void {
  if (conditional) checkCasConsistency(options.consistency, options.serialConsistency);
  else checkWriteConsistency(options.consistency);
}
