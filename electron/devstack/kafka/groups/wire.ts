// Small readers for decoded request fields (see ../apis/types.ts KafkaMessage): the codec guarantees the shapes of
// the fields present at a version, so these only narrow `unknown` and default the fields a version lacks.
import type { KafkaMessage } from '../apis/types';

export const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
export const nullableStr = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const int = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : fallback;
export const big = (value: unknown, fallback: bigint): bigint =>
  typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(value) : fallback;
export const bytes = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));
export const list = (value: unknown): KafkaMessage[] => (Array.isArray(value) ? (value as KafkaMessage[]) : []);
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
