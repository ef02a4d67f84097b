//! One visitor's registration while they fill it in: everything the kiosk holds about them,
//! in one value, so wiping it between visitors is one assignment.
import type { KioskPrefill, KioskRegistration } from "../ipc";

export const CONTACT_FIELDS = ["name", "company", "title", "email", "phone", "country"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type Visitor = {
  fields: Record<ContactField, string>;
  interests: string[];
  /** question id → option ids, or one typed text. */
  answers: Record<string, string[]>;
  /** Consent channels ticked: none until the visitor ticks them. */
  consent: string[];
  /** The badge scanned, kept with the lead as it was read. */
  badge: { raw: string; format: string; attendeeId: string | null } | null;
};

export function emptyVisitor(): Visitor {
  return {
    fields: { name: "", company: "", title: "", email: "", phone: "", country: "" },
    interests: [],
    answers: {},
    consent: [],
    badge: null,
  };
}

export type VisitorAction =
  | { type: "field"; field: ContactField; value: string }
  | { type: "toggleInterest"; tag: string }
  | { type: "answer"; question: string; values: string[] }
  | { type: "toggleConsent"; channel: string }
  | { type: "badge"; prefill: KioskPrefill }
  | { type: "wipe" };

const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function visitorReducer(state: Visitor, action: VisitorAction): Visitor {
  switch (action.type) {
    case "field":
      return { ...state, fields: { ...state.fields, [action.field]: action.value } };
    case "toggleInterest":
      return { ...state, interests: toggle(state.interests, action.tag) };
    case "answer":
      return { ...state, answers: { ...state.answers, [action.question]: action.values } };
    case "toggleConsent":
      return { ...state, consent: toggle(state.consent, action.channel) };
    case "badge":
      return withBadge(state, action.prefill);
    case "wipe":
      return emptyVisitor();
  }
}

/** A badge fills the fields the visitor left empty; what they typed stays. */
export function withBadge(state: Visitor, prefill: KioskPrefill): Visitor {
  const fields = { ...state.fields };
  for (const field of CONTACT_FIELDS) {
    if (fields[field].trim() === "" && prefill[field].trim() !== "") fields[field] = prefill[field].trim();
  }
  return { ...state, fields, badge: { raw: prefill.badge_raw, format: prefill.badge_format, attendeeId: prefill.attendee_id } };
}

/** What `kiosk_register` gets: the visitor's choices, in their language. */
export function toRegistration(v: Visitor, language: string): KioskRegistration {
  return {
    ...v.fields,
    interests: v.interests,
    answers: v.answers,
    consent: v.consent,
    language,
    badge_raw: v.badge?.raw ?? null,
    badge_format: v.badge?.format || null,
    attendee_id: v.badge?.attendeeId ?? null,
  };
}

/** Nothing typed, picked or scanned yet. */
export function isEmpty(v: Visitor): boolean {
  return JSON.stringify(v) === JSON.stringify(emptyVisitor());
}
