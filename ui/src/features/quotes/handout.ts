//! The handout's words in the reader's language, for `quotesPdfSave` / `quotesPrint`.
import type { TFunction } from "i18next";
import type { HandoutPaper, HandoutText } from "../../ipc";

const LABELS = [
  "title",
  "quote_no",
  "date",
  "prepared_for",
  "show",
  "price_range",
  "lead_time",
  "valid_until",
  "product",
  "quantity",
  "unit_price",
  "line_total",
  "notes",
  "promo_code",
  "promo_hint",
  "your_contact",
  "email",
  "phone",
  "qr_caption",
  "page",
  "disclaimer",
  "days_range",
  "days_exact",
] as const;

/** US and Canadian readers get Letter; everyone else A4. */
export function paperFor(locale: string): HandoutPaper {
  return /-(US|CA)$/i.test(locale) ? "letter" : "a4";
}

export function handoutText(t: TFunction, dir: "ltr" | "rtl", paper: HandoutPaper): HandoutText {
  const words = Object.fromEntries(LABELS.map((k) => [k, t(`quotes.handout.${k}`)])) as Record<(typeof LABELS)[number], string>;
  return { ...words, paper, rtl: dir === "rtl" } satisfies HandoutText;
}
