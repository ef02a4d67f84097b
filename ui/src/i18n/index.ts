//! i18next with every language bundled (no HTTP backend: the webview makes no requests).
//! Changing the language also sets <html lang> and <html dir>; fa is right-to-left.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import fa from "./fa.json";
import zhCN from "./zh-CN.json";

export const LANGUAGES = [
  // Each language is named in itself, so it is found whatever the current language is.
  { code: "en", label: "English" },
  { code: "zh-CN", label: "中文" },
  { code: "fa", label: "فارسی" },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]["code"];

export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
  fa: { translation: fa },
} as const;

const STORAGE_KEY = "leadtrack.language";

function supported(code: string | null | undefined): LanguageCode | null {
  if (!code) return null;
  const lower = code.toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("fa")) return "fa";
  if (lower.startsWith("en")) return "en";
  return null;
}

function initialLanguage(): LanguageCode {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage can be unavailable; fall through to the system language
  }
  return supported(stored) ?? supported(navigator.language) ?? "en";
}

/** Sets <html lang/dir> for `lng`; Mantine's DirectionProvider follows in the App. */
export function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  supportedLngs: LANGUAGES.map((l) => l.code),
  initAsync: false,
  // React escapes text itself; nothing here is ever rendered as HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
});

applyDocumentLanguage(i18n.language);
i18n.on("languageChanged", (lng) => {
  applyDocumentLanguage(lng);
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not fatal: the choice just won't survive a restart
  }
});

export default i18n;
