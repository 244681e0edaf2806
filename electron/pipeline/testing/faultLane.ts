// One direction of one proxied connection: chunks wait out their latency in arrival order, then pass the direction's
// bandwidth bucket, then go to the destination as fast as it takes them.
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { cancelPrecise, schedulePrecise, type PreciseTimer } from './preciseTimer';

/** Bytes seen on one direction of the proxy. */
export interface DirectionBytes {
  /** Read from the sending side. */
  received: number;
  /** Written to the receiving side. */
  forwarded: number;
}

/** What a lane reads, live, from its proxy on every chunk (so `set()` applies to data already flowing). */
export interface LaneConditions {
  latencyMs(): number;
  jitterMs(): number;
  stalled(): boolean;
  bucket: TokenBucket;
  bytes: DirectionBytes;
}

/** Bandwidth of one direction, shared by its connections as a link's is. `rate` 0 = unlimited. */
export class TokenBucket {
  private tokens = 0;
  private last = performance.now();
  constructor(private rate = 0) {}

  limited(): boolean {
    return this.rate > 0;
  }

  setRate(rate: number): void {
    this.refill(performance.now());
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.burst());
  }

  /** Milliseconds until a chunk may go: tokens may run into debt, so any chunk goes once the balance is not negative. */
  delay(now: number): number {
    if (this.rate === 0) return 0;
    this.refill(now);
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
  }

  take(bytes: number, now: number): void {
    if (this.rate === 0) return;
    this.refill(now);
    this.tokens -= bytes;
  }

  // 20 ms of credit: enough that a paced sender is not held to one chunk per timer tick, small enough to stay a cap.
  private burst(): number {
    return Math.max(1024, this.rate / 50);
  }

  private refill(now: number): void {
    if (this.rate > 0) this.tokens = Math.min(this.burst(), this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
}

const SLICE_BYTES = 16 * 1024;
/** Waits shorter than this use the precise timer (preciseTimer.ts); longer ones a Node timer. */
const PRECISE_BELOW_MS = 5;

interface Chunk {
  data: Buffer;
  releaseAt: number;
}

/**
 * Moves bytes from `source` to `dest`. One timer at most, armed for the head of the queue (or the bucket's next
 * credit), and each wake-up releases every chunk then due, so a stream of small chunks costs a wake-up per timer tick
 * (0.2 ms for short waits, see preciseTimer.ts), not one per chunk. Memory is
 * bounded: past `maxQueuedBytes` the source is paused, and a full destination buffer stops the release (so the queue
 * fills and pauses the source in turn).
 */
export class FaultLane {
  private readonly queue: Chunk[] = [];
  private head = 0;
  private queued = 0;
  private lastRelease = 0;
  private timer: NodeJS.Timeout | null = null;
  private precise: PreciseTimer | null = null;
  private timerAt = Infinity;
  private waitingDrain = false;
  private sourceEnded = false;
  private done = false;

  constructor(
    private readonly source: Socket,
    private readonly dest: Socket,
    private readonly conditions: LaneConditions,
    private readonly maxQueuedBytes: number,
  ) {
    source.on('data', (data: Buffer) => this.push(data));
    source.on('end', () => {
      this.sourceEnded = true;
      this.pump();
    });
  }

  /** Bytes read but not yet written on. */
  queuedBytes(): number {
    return this.queued;
  }

  /** Runs the release now (after an un-stall or a change of conditions). */
  pump(): void {
    if (this.done || this.waitingDrain || this.conditions.stalled()) return this.cancelTimer();
    if (this.dest.destroyed) return this.stop();
    const now = performance.now();
    while (this.head < this.queue.length) {
      const chunk = this.queue[this.head]!;
      const wait = Math.max(chunk.releaseAt - now, this.conditions.bucket.delay(now));
      if (wait > 0) {
        this.resumeSource();
        return this.arm(wait);
      }
      // Under a cap a large chunk goes in slices, so the debt one write runs up stays small.
      let data = chunk.data;
      if (this.conditions.bucket.limited() && data.length > SLICE_BYTES) {
        chunk.data = data.subarray(SLICE_BYTES);
        data = data.subarray(0, SLICE_BYTES);
      } else {
        this.queue[this.head++] = undefined as unknown as Chunk;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
      }
      this.conditions.bucket.take(data.length, now);
      this.queued -= data.length;
      this.conditions.bytes.forwarded += data.length;
      if (!this.dest.write(data)) {
        this.waitingDrain = true;
        this.dest.once('drain', () => {
          this.waitingDrain = false;
          this.pump();
        });
        break;
      }
    }
    this.resumeSource();
    if (this.head === this.queue.length && this.sourceEnded && !this.dest.destroyed) {
      // The sender's FIN goes on after its last byte, as TCP would deliver it.
      this.done = true;
      this.dest.end();
    }
  }

  /** Drops the queue and the timer; the sockets are the connection's to close. */
  stop(): void {
    this.done = true;
    this.cancelTimer();
    this.queue.length = 0;
    this.head = 0;
    this.queued = 0;
  }

  /** A sender paused for a full queue goes on once half of it has drained. */
  private resumeSource(): void {
    if (this.queued <= this.maxQueuedBytes / 2 && this.source.isPaused() && !this.source.destroyed)
      this.source.resume();
  }

  private push(data: Buffer): void {
    this.conditions.bytes.received += data.length;
    if (this.done) return;
    const { latencyMs, jitterMs } = this.conditions;
    const jitter = jitterMs() > 0 ? Math.random() * jitterMs() : 0;
    // Never before the previous chunk: jitter varies delays, not the order of a TCP stream.
    const releaseAt = Math.max(performance.now() + latencyMs() + jitter, this.lastRelease);
    this.lastRelease = releaseAt;
    this.queue.push({ data, releaseAt });
    this.queued += data.length;
    if (this.queued > this.maxQueuedBytes) this.source.pause();
    if (this.head === this.queue.length - 1) this.pump();
  }

  private arm(ms: number): void {
    const at = performance.now() + ms;
    if ((this.timer !== null || this.precise !== null) && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    const fire = () => {
      this.timer = null;
      this.precise = null;
      this.timerAt = Infinity;
      this.pump();
    };
    // A Node timer is late by up to ~1.5 ms, which would double a sub-millisecond latency; longer waits can afford it.
    if (ms < PRECISE_BELOW_MS) this.precise = schedulePrecise(at, fire);
    if (this.precise === null) this.timer = setTimeout(fire, Math.max(1, Math.ceil(ms)));
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.precise !== null) cancelPrecise(this.precise);
    this.timer = null;
    this.precise = null;
    this.timerAt = Infinity;
  }
}
