// Synthetic users_created messages for `userstream produce`, tests and benchmarks: realistic users in the seed's
// producer format (or the upstream tutorial's), a chosen share of bad ones, all reproducible from one seed.
import type { ProblemCode } from '../problem';
import { bytesToUuid } from '../decode/uuid';
import { makeBadMessage } from './badMessages';
import { pythonJsonDumps, type PythonJsonValue } from './pythonJson';
import { createRandomUserSource, type RandomUser } from './randomUser';
import { createRng, type Rng } from './rng';
import { createUsernameSequence, randomUsername } from './usernames';

/** Which producer's message shape to imitate. */
export type UserMessageFormat = 'seed' | 'upstream';

/** Options for createUserGenerator; all optional. */
export interface UserGeneratorOptions {
  /** Any safe integer; the same seed gives the same messages (default 1). */
  seed?: number;
  /** `seed`: the seed's producer (11 keys, no id). `upstream`: id + post_code (default `seed`). */
  format?: UserMessageFormat;
  /** Share of bad messages, 0..1 (default 0). */
  badRatio?: number;
}

/** One message as a producer would send it (no key, like the seed), and whether it should be rejected. */
export interface GeneratedMessage {
  /** The record value: JSON text in Python `json.dumps` style. */
  value: string;
  key: null;
  bad: boolean;
  /** For bad messages: what is wrong, in words. */
  why?: string;
  /** For bad messages: the problem code the decoder should report (first problem). */
  code?: ProblemCode;
}

/** A deterministic stream of messages. */
export interface UserGenerator {
  next(): GeneratedMessage;
  /** How many good and bad messages were made so far. */
  readonly counts: { good: number; bad: number };
}

/** Creates a generator; throws a RangeError naming the option when one is invalid. */
export function createUserGenerator(options: UserGeneratorOptions = {}): UserGenerator {
  const { seed = 1, format = 'seed', badRatio = 0 } = options;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  if (format !== 'seed' && format !== 'upstream') {
    throw new RangeError(`format must be 'seed' or 'upstream', got ${String(format)}`);
  }
  if (typeof badRatio !== 'number' || !(badRatio >= 0 && badRatio <= 1)) {
    throw new RangeError(`badRatio must be a number from 0 to 1, got ${String(badRatio)}`);
  }
  const rng = createRng(seed);
  const usernameFor = createUsernameSequence(rng);
  const randomUser = createRandomUserSource(rng);
  const counts = { good: 0, bad: 0 };

  return {
    counts,
    next() {
      if (badRatio > 0 && rng.next() < badRatio) {
        counts.bad++;
        const bad = makeBadMessage(toFields(randomUser(randomUsername(rng)), format, rng), rng);
        return { value: bad.value, key: null, bad: true, why: bad.why, code: bad.code };
      }
      const fields = toFields(randomUser(usernameFor(counts.good)), format, rng);
      counts.good++;
      return { value: pythonJsonDumps(fields), key: null, bad: false };
    },
  };
}

/** Orders and names the fields as each producer did (see ../shared/seed/FACTS.md and the samples). */
function toFields(user: RandomUser, format: UserMessageFormat, rng: Rng): Record<string, PythonJsonValue> {
  if (format === 'seed') return { ...user };
  return {
    id: randomUuidV4(rng),
    first_name: user.first_name,
    last_name: user.last_name,
    gender: user.gender,
    address: user.address,
    post_code: user.postal_code,
    email: user.email,
    username: user.username,
    dob: user.dob,
    registered_date: user.registered_date,
    phone: user.phone,
    picture: user.picture,
  };
}

/** A version 4 UUID from the seeded RNG (so upstream-format runs are reproducible too). */
function randomUuidV4(rng: Rng): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 4) {
    const word = rng.uint32();
    bytes[i] = word >>> 24;
    bytes[i + 1] = (word >>> 16) & 0xff;
    bytes[i + 2] = (word >>> 8) & 0xff;
    bytes[i + 3] = word & 0xff;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytesToUuid(bytes);
}
