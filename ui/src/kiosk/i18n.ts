//! The kiosk's own i18next instance: the same bundled translations as the rep window, but the
//! language is the visitor's, never stored (the next visitor starts in English) and never
//! written where the rep window would pick it up.
import { createInstance, type i18n as I18n } from "i18next";
import en from "../i18n/en.json";
import fa from "../i18n/fa.json";
import zhCN from "../i18n/zh-CN.json";

/** The languages a visitor can pick, each named in itself. */
export const KIOSK_LANGUAGES = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "中文" },
  { code: "fa", label: "فارسی" },
] as const;
export type KioskLanguage = (typeof KIOSK_LANGUAGES)[number]["code"];
export const DEFAULT_LANGUAGE: KioskLanguage = "en";

export function createKioskI18n(): I18n {
  const instance = createInstance();
  void instance.init({
    resources: { en: { translation: en }, "zh-CN": { translation: zhCN }, fa: { translation: fa } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: KIOSK_LANGUAGES.map((l) => l.code),
    initAsync: false,
    // React escapes text itself; nothing here is ever rendered as HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/**
 * A show's own text (question, consent wording) in `lang`, else English, else the first by
 * language code: the same pick as the backend's `kiosk::localized`, so the wording stored with
 * a lead is the wording the visitor saw.
 */
export function localized(text: Partial<Record<string, string>>, lang: string): string {
  const first = Object.keys(text).sort()[0];
  return text[lang] ?? text.en ?? (first === undefined ? undefined : text[first]) ?? "";
}
