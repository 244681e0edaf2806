import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, fitBounds, loadBounds, saveBounds } from './windowState';

describe('window bounds', () => {
  it('remembers position, size and maximised across runs', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'us-win-')), 'window.json');
    expect(loadBounds(file)).toEqual(DEFAULT_BOUNDS);
    saveBounds(file, { x: 40, y: 50, width: 1400, height: 900, maximized: true });
    expect(loadBounds(file)).toEqual({ x: 40, y: 50, width: 1400, height: 900, maximized: true });
    writeFileSync(file, '{broken');
    expect(loadBounds(file)).toEqual(DEFAULT_BOUNDS);
  });

  it('brings a window from a vanished monitor back and clamps its size', () => {
    const laptop = [{ x: 0, y: 0, width: 1440, height: 900 }];
    expect(fitBounds({ x: 2500, y: 100, width: 1280, height: 800, maximized: false }, laptop)).toEqual({
      width: 1280,
      height: 800,
      maximized: false,
    });
    expect(fitBounds({ x: 10, y: 10, width: 5000, height: 300, maximized: false }, laptop)).toEqual({
      x: 10,
      y: 10,
      width: 1440,
      height: 600,
      maximized: false,
    });
  });
});
