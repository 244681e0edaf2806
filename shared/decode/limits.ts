import type { UserTextColumn } from '../user';

/** Largest record value the decoder reads, in bytes (1 MiB); larger values are rejected as `too_large`. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Longest text accepted per column, in UTF-16 code units (JavaScript string length). Generous for real names and
 * addresses, small enough that one bad producer cannot fill the table with megabytes per row.
 */
export const COLUMN_MAX_CHARS: Readonly<Record<UserTextColumn, number>> = {
  first_name: 1000,
  last_name: 1000,
  dob: 1000,
  gender: 1000,
  address: 1000,
  postal_code: 1000,
  username: 1000,
  email: 1000,
  phone: 1000,
  registered_date: 1000,
  picture: 2048,
};
