import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the window was: position, size and whether it was maximised. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A display's usable area. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The first-run window: readable at 1280×800. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 800, maximized: false };

const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Reads saved bounds; anything missing or malformed gives the defaults. */
export function loadBounds(file: string): WindowBounds {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (!int(raw.width) || !int(raw.height)) return DEFAULT_BOUNDS;
    return {
      width: raw.width,
      height: raw.height,
      maximized: raw.maximized === true,
      ...(int(raw.x) && int(raw.y) ? { x: raw.x, y: raw.y } : {}),
    };
  } catch {
    return DEFAULT_BOUNDS;
  }
}

/** Writes bounds atomically (temp file + rename), so a crash mid-write never leaves a broken file. */
export function saveBounds(file: string, bounds: WindowBounds): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(bounds));
  renameSync(`${file}.tmp`, file);
}

/**
 * Makes saved bounds fit today's displays: at least 800×600, no bigger than the largest display, and on-screen (a
 * window saved on a monitor that is gone comes back centred by the OS instead of invisibly off-screen).
 */
export function fitBounds(bounds: WindowBounds, displays: readonly WorkArea[]): WindowBounds {
  const maxW = Math.max(800, ...displays.map((d) => d.width));
  const maxH = Math.max(600, ...displays.map((d) => d.height));
  const width = Math.min(Math.max(bounds.width, 800), maxW);
  const height = Math.min(Math.max(bounds.height, 600), maxH);
  if (bounds.x === undefined || bounds.y === undefined) return { width, height, maximized: bounds.maximized };
  const { x, y } = bounds;
  // Visible enough: the title bar's first 100 px lie inside some display.
  const visible = displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 50);
  return visible
    ? { x, y, width, height, maximized: bounds.maximized }
    : { width, height, maximized: bounds.maximized };
}
