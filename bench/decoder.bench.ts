// Decoder throughput on one core for typical ~700-byte users_created messages (target ≥ 200k decodes/s, issue #2).
// Messages come from the project's own generator (seed format, fixed seed) so runs are comparable.
// Run: npx tsx bench/decoder.bench.ts [--messages N] [--seconds S]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUserEvent } from '../shared/decode';
import { createUserGenerator, pythonJsonDumps, type PythonJsonValue } from '../shared/generate';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const MESSAGES = arg('--messages', 10_000);
const SECONDS = arg('--seconds', 3);
const TARGET_PER_SECOND = 200_000;

type Variant = { name: string; format: 'seed' | 'upstream'; padTo?: number };
const VARIANTS: Variant[] = [
  { name: 'seed-700', format: 'seed', padTo: 700 },
  { name: 'upstream-700', format: 'upstream', padTo: 700 },
  { name: 'seed-natural', format: 'seed' },
];

/** Generated messages; `padTo` lengthens the address (escaped non-ASCII included) to the target's ~700 bytes. */
function makeMessages({ format, padTo }: Variant): Uint8Array[] {
  const generator = createUserGenerator({ seed: 42, format, badRatio: 0 });
  const encoder = new TextEncoder();
  return Array.from({ length: MESSAGES }, () => {
    const value = generator.next().value;
    if (padTo === undefined || value.length >= padTo) return encoder.encode(value);
    const fields = JSON.parse(value) as Record<string, PythonJsonValue>;
    const filler = ' Apartment 12, Building C, Floor 3, Ümraniye Residence'.repeat(20);
    fields.address = `${String(fields.address)}${filler}`.slice(
      0,
      String(fields.address).length + padTo - value.length,
    );
    return encoder.encode(pythonJsonDumps(fields));
  });
}

function measure(messages: Uint8Array[]): { perSecond: number; microsPerDecode: number; decodes: number } {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += decodeUserEvent(messages[i % messages.length]!).ok ? 1 : 0; // warm-up
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(SECONDS * 1e9);
  let decodes = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < messages.length; i++) sink += decodeUserEvent(messages[i]!).ok ? 1 : 0;
    decodes += messages.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink);
  return { perSecond: decodes / seconds, microsPerDecode: (seconds * 1e6) / decodes, decodes };
}

const results = VARIANTS.map((variant) => {
  const messages = makeMessages(variant);
  const format = variant.name;
  const meanBytes = messages.reduce((n, m) => n + m.length, 0) / messages.length;
  const ok = messages.filter((m) => decodeUserEvent(m).ok).length;
  if (ok !== messages.length) throw new Error(`${messages.length - ok} ${format} messages were rejected`);
  const figures = measure(messages);
  console.log(
    `${format.padEnd(13)} ${Math.round(figures.perSecond).toLocaleString('en-US')} decodes/s, ` +
      `${figures.microsPerDecode.toFixed(2)} µs/decode, mean ${Math.round(meanBytes)} bytes ` +
      `(target ≥ ${TARGET_PER_SECOND.toLocaleString('en-US')}/s: ${figures.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'})`,
  );
  return { variant: format, meanBytes: Math.round(meanBytes), ...figures, target: TARGET_PER_SECOND };
});

// The generator's own rate, for `userstream produce` and the pipeline benchmarks that use it.
const generator = createUserGenerator({ seed: 7, badRatio: 0.01 });
const generatorStart = process.hrtime.bigint();
for (let i = 0; i < 20_000; i++) generator.next();
const generatorPerSecond = 20_000 / (Number(process.hrtime.bigint() - generatorStart) / 1e9);
console.log(`generator     ${Math.round(generatorPerSecond).toLocaleString('en-US')} messages/s`);

const outDir = join(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'decoder.json'),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, messages: MESSAGES, results, generatorPerSecond },
    null,
    2,
  ) + '\n',
);
