//! Dates, times and lists in the reader's language via Intl (fa gets its own calendar and digits).
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short" });
    const date = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeZone: "UTC" });
    const list = new Intl.ListFormat(lng, { style: "long", type: "conjunction" });
    const twoDigits = new Intl.NumberFormat(lng, { minimumIntegerDigits: 2, useGrouping: false });
    return {
      /** UTC unix milliseconds → local date and time. */
      dateTime: (ms: number) => dateTime.format(new Date(ms)),
      /** `YYYY-MM-DD` show dates (calendar days, no time zone). */
      date: (iso: string) => {
        const d = new Date(`${iso}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? iso : date.format(d);
      },
      list: (items: string[]) => list.format(items),
      /** Elapsed seconds as mm:ss, in the language's digits. */
      clock: (seconds: number) => `${twoDigits.format(Math.floor(seconds / 60))}:${twoDigits.format(Math.floor(seconds % 60))}`,
    };
  }, [lng]);
}
