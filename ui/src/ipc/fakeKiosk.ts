//! The kiosk rules of crates/leadtrack-domain/src/kiosk.rs, small, for the in-memory fake
//! (./fake.ts): lockouts after wrong PINs, and a visitor's registration checked against the
//! show's kiosk form. Pure: the fake keeps the state.
import type { Answer, Consent, ConsentGiven, Event, FieldError, KioskForm, KioskRegistration, LeadInput } from "./bindings";

export const PIN_ATTEMPTS = 5;
const FIRST_LOCKOUT_MS = 5 * 60 * 1000;
const MAX_LOCKOUT_MS = 60 * 60 * 1000;
const LANGUAGES = ["en", "zh-CN", "fa"];

const texts = (en: string, zh: string, fa: string) => ({ en, "zh-CN": zh, fa });

/** The backend's default kiosk form with the demo show's question and brochure. */
export const sampleKioskForm: KioskForm = {
  fields: ["name", "company", "title", "email", "phone", "country"],
  required: ["name", "email"],
  questions: [
    {
      id: "purpose",
      text: texts("What brings you to our booth?", "您来展位的目的是？", "برای چه به غرفهٔ ما آمده‌اید؟"),
      kind: "single",
      options: [
        { id: "buy", text: texts("Buying for a project", "为项目采购", "خرید برای یک پروژه") },
        { id: "source", text: texts("Looking for a supplier", "寻找供应商", "یافتن تأمین‌کننده") },
        { id: "browse", text: texts("Just looking around", "随便看看", "فقط بازدید") },
      ],
      required: false,
    },
  ],
  consent: {
    version: "2026-11-v1",
    statement: texts(
      "We keep the details you give here to follow up on your visit. Choose how we may contact you; you can withdraw at any time.",
      "我们会保存您在此填写的信息，用于跟进您的来访。请选择我们可以联系您的方式；您可随时撤回同意。",
      "اطلاعاتی را که اینجا می‌دهید برای پیگیری بازدیدتان نگه می‌داریم. انتخاب کنید چگونه با شما تماس بگیریم؛ هر زمان می‌توانید رضایت خود را پس بگیرید.",
    ),
    channels: [
      { channel: "email", text: texts("You may email me about this visit and your products.", "可以通过电子邮件联系我，介绍此次来访和贵公司产品。", "می‌توانید دربارهٔ این بازدید و محصولاتتان به من ایمیل بزنید.") },
      { channel: "phone", text: texts("You may call or message me.", "可以给我打电话或发消息。", "می‌توانید با من تماس بگیرید یا پیام دهید.") },
    ],
  },
  idle_seconds: 60,
  brochure_url: "https://demo.leadtrack.app/brochure",
};

/** `kiosk::lockout_ms`: 5 minutes at 5 wrong PINs, doubling each further 5, at most an hour. */
export function lockoutMs(failures: number): number | null {
  if (failures === 0 || failures % PIN_ATTEMPTS !== 0) return null;
  return Math.min(FIRST_LOCKOUT_MS * 2 ** Math.min(failures / PIN_ATTEMPTS - 1, 20), MAX_LOCKOUT_MS);
}

function pick(text: Partial<Record<string, string>>, lang: string): string {
  const first = Object.keys(text).sort()[0];
  return text[lang] ?? text.en ?? (first === undefined ? undefined : text[first]) ?? "";
}

export type ValidRegistration = { input: LeadInput; consent: Consent | null; answers: Answer[] };

/** `kiosk::registration`: the registration checked against `form`, as a kiosk lead for `event`, or its field errors. */
export function checkRegistration(reg: KioskRegistration, form: KioskForm, event: Event, now: number): ValidRegistration | FieldError[] {
  const errors: FieldError[] = [];
  const language = LANGUAGES.includes(reg.language) ? reg.language : "en";
  const value = (field: string) => (reg as unknown as Record<string, unknown>)[field];
  for (const field of form.required) {
    const v = value(field);
    if (form.fields.includes(field) && (typeof v !== "string" || v.trim() === "")) {
      errors.push({ field, code: "required", message: `${field} is required.` });
    }
  }
  const answers: Answer[] = [];
  for (const q of form.questions) {
    const given = (reg.answers[q.id] ?? []).map((v) => v.trim()).filter((v) => v !== "");
    const field = `question.${q.id}`;
    if (given.length === 0) {
      if (q.required) errors.push({ field, code: "required", message: "Please answer this question." });
      continue;
    }
    const labels = q.kind === "text" ? [] : given.map((v) => q.options.find((o) => o.id === v));
    const bad = (q.kind === "single" && given.length > 1) || labels.some((l) => l === undefined) || (q.kind === "text" && (given.length > 1 || [...given[0]!].length > 2000));
    if (bad) {
      errors.push({ field, code: "invalid_answer", message: "This answer is not one of the choices." });
      continue;
    }
    answers.push({ question_id: q.id, question: pick(q.text, language), values: given, labels: labels.map((o) => pick(o!.text, language)) });
  }
  const ticked: ConsentGiven[] = [];
  for (const channel of reg.consent) {
    const c = form.consent.channels.find((x) => x.channel === channel);
    if (!c) errors.push({ field: "consent", code: "invalid_consent", message: "Unknown consent choice." });
    else if (!ticked.some((t) => t.channel === channel)) ticked.push({ channel, text: pick(c.text, language) });
  }
  if (errors.length) return errors;
  const consent: Consent | null = ticked.length
    ? { version: form.consent.version, language, statement: pick(form.consent.statement, language), channels: ticked, given_at: now }
    : null;
  const input: LeadInput = {
    event_id: event.id,
    company: reg.company,
    name: reg.name,
    title: reg.title,
    phone: reg.phone,
    email: reg.email,
    country: reg.country,
    grade: null,
    interests: reg.interests.filter((t) => event.form.interests.includes(t)),
    key_needs: "",
    next_action: null,
    draft: false,
    source: "kiosk",
    badge_raw: reg.badge_raw,
    badge_format: reg.badge_format,
    attendee_id: reg.attendee_id,
  };
  return { input, consent, answers };
}
