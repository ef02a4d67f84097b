//! How the handheld badge scanner on this computer types: prefix, suffix, last key, speed and
//! shortest badge. Kept in localStorage under `leadtrack.scanner` (per machine: each booth
//! laptop has its own scanner), read through `useScannerSettings` so a change on the settings
//! screen applies at once, in every component and in other windows.
import { useCallback, useSyncExternalStore } from "react";

export const TERMINATORS = ["Enter", "Tab", "none"] as const;
export type Terminator = (typeof TERMINATORS)[number];

/** Stored as JSON with these keys (the same as the settings inputs' names). */
export type ScannerSettings = {
  /** Characters the scanner sends before each badge; required and removed. Empty: none. */
  prefix: string;
  /** Characters the scanner sends after each badge (before the terminator); required and removed. */
  suffix: string;
  /** The key the scanner presses after each badge. */
  terminator: Terminator;
  /** Keys closer together than this (ms) belong to one burst; people type slower. */
  max_gap_ms: number;
  /** Shortest payload (characters, prefix and suffix removed) that counts as a badge. */
  min_length: number;
};

export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = {
  prefix: "",
  suffix: "",
  terminator: "Enter",
  max_gap_ms: 40,
  min_length: 4,
};

/** Accepted ranges for the numbers (the settings screen says so when one is outside). */
export const LIMITS = {
  max_gap_ms: { min: 10, max: 200 },
  min_length: { min: 2, max: 200 },
} as const;

export const STORAGE_KEY = "leadtrack.scanner";

function inRange(value: unknown, field: keyof typeof LIMITS): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= LIMITS[field].min && value <= LIMITS[field].max;
}

/** Whatever was stored, field by field: a missing or broken field gets its default. */
export function parseScannerSettings(raw: string | null): ScannerSettings {
  let stored: Record<string, unknown> = {};
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    if (value && typeof value === "object" && !Array.isArray(value)) stored = value as Record<string, unknown>;
  } catch {
    // a broken entry means defaults
  }
  const d = DEFAULT_SCANNER_SETTINGS;
  return {
    prefix: typeof stored.prefix === "string" ? stored.prefix : d.prefix,
    suffix: typeof stored.suffix === "string" ? stored.suffix : d.suffix,
    terminator: TERMINATORS.includes(stored.terminator as Terminator) ? (stored.terminator as Terminator) : d.terminator,
    max_gap_ms: inRange(stored.max_gap_ms, "max_gap_ms") ? stored.max_gap_ms : d.max_gap_ms,
    min_length: inRange(stored.min_length, "min_length") ? stored.min_length : d.min_length,
  };
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage unavailable: defaults
  }
}

// The snapshot is re-parsed only when the stored text changes, so React sees a stable object.
let cachedRaw: string | null | undefined;
let cached: ScannerSettings = DEFAULT_SCANNER_SETTINGS;
const listeners = new Set<() => void>();

export function loadScannerSettings(): ScannerSettings {
  const raw = readRaw();
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parseScannerSettings(raw);
  }
  return cached;
}

export function saveScannerSettings(next: ScannerSettings): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // not fatal: the setting just won't survive a restart
  }
  for (const cb of [...listeners]) cb();
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  // Another window of the app changed them.
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY || e.key === null) cb();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(cb);
    window.removeEventListener("storage", onStorage);
  };
}

/** The current settings and a function that changes some of them (and saves at once). */
export function useScannerSettings(): [ScannerSettings, (patch: Partial<ScannerSettings>) => void] {
  const settings = useSyncExternalStore(subscribe, loadScannerSettings, loadScannerSettings);
  const update = useCallback((patch: Partial<ScannerSettings>) => saveScannerSettings({ ...loadScannerSettings(), ...patch }), []);
  return [settings, update];
}
