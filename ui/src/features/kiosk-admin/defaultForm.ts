//! The kiosk form a show has until a manager saves its own: a mirror of `KioskForm::default()`
//! in crates/leadtrack-domain/src/kiosk.rs (a test there checks these texts against it).
import type { KioskForm } from "../../ipc";

/** Contact fields a kiosk form may show, in the backend's order (`KIOSK_FIELDS`). */
export const KIOSK_FIELDS = ["name", "company", "title", "email", "phone", "country"] as const;
export type KioskField = (typeof KIOSK_FIELDS)[number];

/** Languages the kiosk speaks, as the backend's `LANGUAGES`. */
export const KIOSK_LANGUAGES = ["en", "zh-CN", "fa"] as const;
export type KioskLanguage = (typeof KIOSK_LANGUAGES)[number];

/** The idle time the backend accepts, in seconds. */
export const IDLE_RANGE = { min: 15, max: 600 } as const;

export const DEFAULT_KIOSK_FORM: KioskForm = {
  fields: [...KIOSK_FIELDS],
  required: ["name", "email"],
  questions: [],
  consent: {
    version: "2026-11-v1",
    statement: {
      en: "We keep the details you give here to follow up on your visit. Choose how we may contact you; you can withdraw at any time.",
      "zh-CN": "我们会保存您在此填写的信息，用于跟进您的来访。请选择我们可以联系您的方式；您可随时撤回同意。",
      fa: "اطلاعاتی را که اینجا می‌دهید برای پیگیری بازدیدتان نگه می‌داریم. انتخاب کنید چگونه با شما تماس بگیریم؛ هر زمان می‌توانید رضایت خود را پس بگیرید.",
    },
    channels: [
      {
        channel: "email",
        text: {
          en: "You may email me about this visit and your products.",
          "zh-CN": "可以通过电子邮件联系我，介绍此次来访和贵公司产品。",
          fa: "می‌توانید دربارهٔ این بازدید و محصولاتتان به من ایمیل بزنید.",
        },
      },
      {
        channel: "phone",
        text: {
          en: "You may call or message me.",
          "zh-CN": "可以给我打电话或发消息。",
          fa: "می‌توانید با من تماس بگیرید یا پیام دهید.",
        },
      },
    ],
  },
  idle_seconds: 60,
  brochure_url: "",
};
