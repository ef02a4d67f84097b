//! Numbers, money (integer minor units) and rates (basis points) as people read them.
import type { Money } from "../../ipc";

export function int(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function money(m: Money | null, locale: string): string {
  if (!m) return "–";
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: m.currency }).format(m.minor / 100);
  } catch {
    return `${m.currency} ${(m.minor / 100).toFixed(2)}`;
  }
}

/** Basis points as a percentage ("+50.0%" with `signed`). */
export function pct(bp: number | null, locale: string, signed = false): string {
  if (bp === null) return "–";
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: signed ? "exceptZero" : "auto" }).format(bp / 10000);
}

export function hours(ms: number | null, locale: string): string {
  if (ms === null) return "–";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 3_600_000);
}

/** "12.50" typed in a cost field → 1250 minor units; null when it is not an amount. */
export function parseMinor(text: string): number | null {
  const t = text.trim().replace(/[\s,]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
