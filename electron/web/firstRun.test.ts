import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedOnFirstRun } from './firstRun';

describe('embeddedOnFirstRun', () => {
  it('starts the embedded stack on a first run, not when the environment names a cluster or settings exist', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'us-first-')), 'settings.json');
    expect(embeddedOnFirstRun(file, {})).toBe(true);
    expect(embeddedOnFirstRun(file, { KAFKA_BROKER: 'kafka:9092' })).toBe(false);
    writeFileSync(file, '{}');
    expect(embeddedOnFirstRun(file, {})).toBeUndefined();
  });
});
