//! Money in the reader's language: amounts arrive as integer minor units with the currency's
//! digits (`decimals`), and edits go back the same way, parsed exactly (no float rounding).
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export type Money = {
  amount: (minor: number) => string;
  range: (low: number, high: number) => string;
};

export function useMoney(currency: string, decimals: number): Money {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    let fmt: Intl.NumberFormat;
    try {
      fmt = new Intl.NumberFormat(lng, { style: "currency", currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    } catch {
      // A code Intl does not know: the number and the code as written.
      const plain = new Intl.NumberFormat(lng, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      fmt = { format: (n: number) => `${currency} ${plain.format(n)}` } as Intl.NumberFormat;
    }
    const amount = (minor: number) => fmt.format(minor / 10 ** decimals);
    return { amount, range: (low, high) => (low === high ? amount(low) : `${amount(low)} – ${amount(high)}`) };
  }, [lng, currency, decimals]);
}

/** Minor units as plain text for an input (`1250`, 2 → `12.50`). */
export function toMajorText(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const s = String(minor).padStart(decimals + 1, "0");
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** Plain text → minor units, exactly; `null` when it is not a non-negative amount with at most `decimals` digits. */
export function fromMajorText(text: string, decimals: number): number | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === "" && !m[2])) return null;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > decimals) return null;
  const n = Number(`${m[1] || "0"}${frac.padEnd(decimals, "0")}`);
  return Number.isSafeInteger(n) ? n : null;
}

/** Minor-unit digits of a currency code (as the backend's table). */
export function currencyDecimals(code: string): number {
  if (["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"].includes(code)) return 0;
  if (["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"].includes(code)) return 3;
  if (["CLF", "UYW"].includes(code)) return 4;
  return 2;
}

/** A lead-time range in days ("35–47 days", or "6 days" when both ends agree). */
export function daysText(t: TFunction, d: { min: number; max: number }): string {
  return d.min === d.max ? t("quotes.daysExact", { count: d.max }) : t("quotes.days", { min: d.min, max: d.max });
}
