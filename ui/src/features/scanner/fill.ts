//! From a parsed badge to the capture form: which fields it fills, and what counts as a
//! visitor already on the form (to be kept as a draft before the next badge replaces it).
import type { Attendee, ParsedBadge } from "../../ipc";
import type { LeadValues } from "../capture/LeadForm";

/** Where a scanned lead came from, as saved with it. */
export type BadgeOrigin = { source: "rep_scan"; badge_raw: string; badge_format: string; attendee_id: string | null };

export function badgeOrigin(parsed: ParsedBadge): BadgeOrigin {
  return { source: "rep_scan", badge_raw: parsed.raw, badge_format: parsed.format, attendee_id: parsed.attendee_id };
}

type ContactValues = Pick<LeadValues, "company" | "name" | "title" | "email" | "phone" | "country">;

/** The form's contact fields as the badge gives them; the country only as a two-letter code. */
export function contactFromBadge(parsed: ParsedBadge): ContactValues {
  const f = parsed.fields;
  const country = f.country.trim();
  return {
    company: f.company.trim(),
    name: f.name.trim() || `${f.first_name.trim()} ${f.last_name.trim()}`.trim(),
    title: f.title.trim(),
    email: f.email.trim(),
    phone: f.phone.trim(),
    country: /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : "",
  };
}

/** `base` with every contact field the badge has put over it (empty badge fields change nothing). */
export function fillFromBadge(base: LeadValues, parsed: ParsedBadge): LeadValues {
  const contact = contactFromBadge(parsed);
  const out: LeadValues = { ...base, interests: [...base.interests] };
  for (const key of Object.keys(contact) as (keyof ContactValues)[]) {
    if (contact[key]) out[key] = contact[key];
  }
  return out;
}

/** `values` with the contact fields it leaves empty taken from the attendee list's entry. */
export function fillFromAttendee(values: LeadValues, attendee: Attendee | null): LeadValues {
  if (!attendee) return values;
  const out: LeadValues = { ...values, interests: [...values.interests] };
  for (const key of ["company", "name", "title", "email", "phone"] as const) {
    if (!out[key].trim()) out[key] = attendee[key].trim();
  }
  if (!out.country.trim() && /^[A-Za-z]{2}$/.test(attendee.country.trim())) out.country = attendee.country.trim().toUpperCase();
  return out;
}

/** An id and no contact details: the attendee list will fill it in once imported. */
export function isIdOnly(parsed: ParsedBadge): boolean {
  return !!parsed.attendee_id && Object.values(parsed.fields).every((v) => v.trim() === "");
}

/**
 * Whether the form holds a visitor worth keeping as a draft: a name, company, email or phone,
 * or a scanned badge (the backend keeps a draft for nothing less).
 */
export function holdsVisitor(values: Pick<LeadValues, "name" | "company" | "email" | "phone">, badge: BadgeOrigin | null): boolean {
  return !!badge || [values.name, values.company, values.email, values.phone].some((v) => v.trim() !== "");
}
