//! Pure helpers behind the kiosk form editor: ids made from the English text, and the consent
//! version that must change whenever the consent's wording does (a lead keeps the version it
//! was given under, so one version must never stand for two wordings).
import type { KioskConsent, KioskForm, KioskQuestion } from "../../ipc";

type Localized = KioskQuestion["text"];

/** `"Your budget?"` → `"your-budget"`; `""` when the text has no Latin letters or digits. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** An id from `text` that is not in `taken` (`budget`, `budget-2`, …); `fallback` when the text gives none. */
export function uniqueId(text: string, taken: ReadonlySet<string>, fallback: string): string {
  const base = slug(text) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** Text per language, trimmed, without the blank ones: a missing language falls back to English at the kiosk, a blank one would show nothing. */
export function compact(text: Localized): Localized {
  const out: Localized = {};
  for (const [lang, value] of Object.entries(text)) {
    const v = (value ?? "").trim();
    if (v) out[lang] = v;
  }
  return out;
}

/**
 * The form as it is sent: texts compacted, and every question and option still without an id
 * gets one from its English text. Ids already saved are kept, so answers stay linked when a
 * question is reworded.
 */
export function prepared(form: KioskForm): KioskForm {
  const takenQ = new Set(form.questions.map((q) => q.id).filter(Boolean));
  const questions = form.questions.map((q, i) => {
    const id = q.id || uniqueId(q.text.en ?? "", takenQ, `question-${i + 1}`);
    takenQ.add(id);
    const takenO = new Set(q.options.map((o) => o.id).filter(Boolean));
    // A free-text question keeps no options (they would not be shown).
    const options = (q.kind === "text" ? [] : q.options).map((o, j) => {
      const oid = o.id || uniqueId(o.text.en ?? "", takenO, `option-${j + 1}`);
      takenO.add(oid);
      return { id: oid, text: compact(o.text) };
    });
    return { ...q, id, text: compact(q.text), options };
  });
  const consent = {
    version: form.consent.version.trim(),
    statement: compact(form.consent.statement),
    channels: form.consent.channels.map((c) => ({ channel: c.channel, text: compact(c.text) })),
  };
  return { ...form, questions, consent, brochure_url: form.brochure_url.trim() };
}

/** JSON with object keys sorted, so two forms compare equal whatever order their keys were built in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const trimmed = (text: Localized) =>
  JSON.stringify(
    Object.entries(text)
      .map(([k, v]) => [k, (v ?? "").trim()])
      .filter(([, v]) => v !== "")
      .sort(),
  );

/** Whether the visitor would read different consent wording (statement, channels or their texts). */
export function wordingChanged(before: KioskConsent, after: KioskConsent): boolean {
  if (trimmed(before.statement) !== trimmed(after.statement)) return true;
  if (before.channels.length !== after.channels.length) return true;
  return before.channels.some((c, i) => {
    const d = after.channels[i];
    return !d || c.channel !== d.channel || trimmed(c.text) !== trimmed(d.text);
  });
}

/** The next version: a trailing `-vN` counts up (`2026-11-v1` → `2026-11-v2`), anything else gets `-v2`. */
export function nextVersion(version: string): string {
  const v = version.trim();
  const m = /^(.*-v)(\d+)$/i.exec(v);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${v || "consent"}-v2`;
}

/**
 * The consent to save: when its wording changed but its version did not, the version is bumped
 * (and `bumped` says from what to what, for the manager to be told).
 */
export function consentToSave(saved: KioskConsent, edited: KioskConsent): { consent: KioskConsent; bumped: { from: string; to: string } | null } {
  const same = edited.version.trim() === saved.version.trim();
  if (!same || !wordingChanged(saved, edited)) return { consent: edited, bumped: null };
  const to = nextVersion(saved.version);
  return { consent: { ...edited, version: to }, bumped: { from: saved.version, to } };
}
