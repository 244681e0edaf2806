import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { createUsernameSequence } from './usernames';

describe('createUsernameSequence', () => {
  it('never repeats a username, also past the first 1.44 million', () => {
    const usernameFor = createUsernameSequence(createRng(1));
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(usernameFor(i));
    for (let i = 1_440_000 - 1000; i < 1_440_000 + 1000; i++) seen.add(usernameFor(i));
    expect(seen.size).toBe(52_000);
    expect(usernameFor(1_440_000 + 5)).toMatch(/^[a-z]+1\d{3}$/);
  });
});
