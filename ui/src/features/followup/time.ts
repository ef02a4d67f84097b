//! Task times in the show's time zone (where "T+1 at 9:00" was counted), in the reader's language.
import { useTranslation } from "react-i18next";

/** Formatters by language and zone, shared by every card (building one is slow). */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lng: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lng}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short", timeZone });
    } catch {
      // A zone this browser does not know: the laptop's own.
      f = new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short" });
    }
    formats.set(key, f);
  }
  return f;
}

export function useTaskTime() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return (ms: number, timeZone: string) => format(lng, timeZone).format(new Date(ms));
}
