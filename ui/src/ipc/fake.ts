//! An in-memory stand-in for ./index with the same exports, used by the Vitest suites
//! (`vi.mock("…/ipc", () => import("…/ipc/fake"))`). It keeps just enough of the backend's
//! rules (required fields, drafts, versions, the session, attachments known by their bytes)
//! for the screens to be exercised end to end. Never imported by the app itself, so it is
//! not in the build.
import type {
  AlertShown,
  Attachment,
  Attendee,
  AttendeeColumns,
  AttendeeImport,
  AttendeeListStatus,
  AttendeePreview,
  AttachmentKind,
  BadgeFormat,
  commands as BackendCommands,
  ContactFields,
  Event,
  EventInput,
  ExportedFile,
  ExportFormat,
  FieldError,
  KioskConfig,
  KioskForm,
  KioskPrefill,
  KioskReceipt,
  KioskRegistration,
  KioskStatus,
  Lead,
  LeadInput,
  LeadQuery,
  PinCheck,
  LeadSummary,
  LeadVersion,
  MergeChoice,
  MergeNote,
  ParsedBadge,
  Reminder,
  ScannedSymbol,
  Session,
  User,
} from "./bindings";
import { LeadTrackError } from "./error";
import { checkRegistration, lockoutMs, PIN_ATTEMPTS, sampleKioskForm } from "./fakeKiosk";
import { dashboardCommands, dashboardFake } from "./fakeDashboard";
import { syncCommands, syncFake } from "./fakeSync";
import { interactionCommands, interactionsFake } from "./fakeInteractions";
import { phoneCommands, phoneFake } from "./fakePhone";
import { followupCommands, followupFake } from "./fakeFollowup";
import { quoteCommands, quotesFake } from "./fakeQuotes";
import { teamCommands, teamFake } from "./fakeTeam";
import { materialCommands, materialsFake } from "./fakeMaterials";
import { type FakeProfile, parseWithProfile, readProfile } from "./fakeProfile";

export type * from "./bindings";
export { LeadTrackError, isLeadTrackError } from "./error";
export type LeadsChangedPayload = { id: string };

/** In a photo handed to the fake's `badgesScanImage` (or a frame to `badgesScanFrame`), marks a QR code: the payload follows it. */
export const FAKE_QR_MARKER = "LEADTRACK-FAKE-QR:";
export type Unsubscribe = () => void;

export const sampleUsers: User[] = [
  { id: "u-dylan", name: "Dylan", email: "dylan@example.com", role: "rep" },
  { id: "u-lisa", name: "Lisa", email: "lisa@example.com", role: "manager" },
];

export const sampleEvent: Event = {
  id: "ev-1",
  tag: "CANTON-2026",
  name: "Canton Fair 2026",
  starts_on: "2026-04-15",
  ends_on: "2026-04-19",
  booth: "9.1 C12",
  country: "CN",
  form: {
    required: ["company", "name"],
    interests: ["pumps", "valves", "OEM"],
    next_actions: ["send_quote", "demo", "mail_samples"],
  },
};

type State = {
  events: Event[];
  users: User[];
  session: { userId: string | null; eventId: string | null };
  leads: Lead[];
  versions: Map<string, LeadVersion[]>;
  attachments: Attachment[];
  /** Attachment bytes by sha256, as the backend keeps one file per hash. */
  files: Map<string, Uint8Array>;
  /** Attachment ids whose file no longer matches its hash (see `fake.damageAttachment`). */
  damaged: Set<string>;
  /** Attendee lists by show id. */
  attendees: Map<string, Attendee[]>;
  /**
   * Kiosk mode: the show it runs for (`null` = off) and the staff PIN (the backend keeps a
   * hash); wrong PINs in a row and the end of the lockout they caused (unix ms, wall clock).
   */
  kiosk: { eventId: string | null; pin: string | null; failures: number; lockedUntil: number };
  clock: number;
  seq: number;
};

export type Seed = {
  events?: Event[];
  users?: User[];
  userId?: string | null;
  eventId?: string | null;
  leads?: Lead[];
  /** Kiosk mode already on for a show, with this staff PIN (as the store keeps them across restarts). */
  kiosk?: { eventId: string; pin: string };
};

/** What the fake stores for one attachment: the record and its bytes. */
export type StoredAttachment = Attachment & { data: Uint8Array };

let state: State = emptyState();
/** Exports asked for, and whether the next save dialog is cancelled (`fake.cancelNextExport`). */
const exportState: { made: { format: ExportFormat; query: LeadQuery }[]; cancelNext: boolean } = { made: [], cancelNext: false };
const listeners = new Set<(p: LeadsChangedPayload) => void>();

function emptyState(): State {
  return {
    events: [],
    users: [],
    session: { userId: null, eventId: null },
    leads: [],
    versions: new Map(),
    attachments: [],
    files: new Map(),
    damaged: new Set(),
    attendees: new Map(),
    kiosk: { eventId: null, pin: null, failures: 0, lockedUntil: 0 },
    clock: Date.UTC(2026, 3, 15, 9, 0, 0),
    seq: 0,
  };
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function now(): number {
  state.clock += 60_000;
  return state.clock;
}

function nextId(prefix: string): string {
  state.seq += 1;
  return `${prefix}-${state.seq}`;
}

function session(): Session {
  return {
    user: state.users.find((u) => u.id === state.session.userId) ?? null,
    event: state.events.find((e) => e.id === state.session.eventId) ?? null,
    idle_lock_minutes: teamFake.idleMinutes,
  };
}

function notFound(what: string): LeadTrackError {
  return new LeadTrackError("not_found", `${what} not found`);
}

function invalid(fields: FieldError[]): LeadTrackError {
  return new LeadTrackError("validation", fields.map((f) => f.message).join(" "), fields);
}

const LEAD_FIELDS = ["company", "name", "title", "phone", "email", "country", "grade", "interests", "key_needs", "next_action"] as const;

function validateLead(input: LeadInput, event: Event): FieldError[] {
  const errors: FieldError[] = [];
  const has = (v: string) => v.trim() !== "";
  if (input.draft) {
    if (![input.name, input.company, input.email, input.phone].some(has) && !input.badge_raw) {
      errors.push({ field: "name", code: "empty_draft", message: "Type at least a name, company, email or phone, or scan a badge, to keep a draft." });
    }
  } else {
    // An id-only badge waits for the attendee list: its contact fields are not demanded yet.
    const awaiting = awaitsList(input);
    for (const field of event.form.required) {
      const value = (input as unknown as Record<string, unknown>)[field];
      if (awaiting && field !== "grade" && field !== "next_action") continue;
      if (value === null || value === undefined || (typeof value === "string" && !has(value))) {
        errors.push({ field, code: "required", message: `${field.replace("_", " ")} is required.` });
      }
    }
  }
  if (has(input.email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim())) {
    errors.push({ field: "email", code: "invalid_email", message: "This email address is not complete (like name@company.com)." });
  }
  if (has(input.country) && !/^[A-Z]{2}$/.test(input.country.trim())) {
    errors.push({ field: "country", code: "invalid_country", message: "Use a two-letter country code such as CN or DE." });
  }
  return errors;
}

function awaitsList(input: LeadInput): boolean {
  return !!input.attendee_id?.trim() && [input.name, input.company, input.email].every((v) => v.trim() === "");
}

/** The backend's `id_key`, simplified: letters and digits, upper case, leading zeros dropped. */
function idKey(id: string): string {
  return id.replace(/[^\p{L}\p{N}]/gu, "").toUpperCase().replace(/^([^\d]*)0+(?=\d)/, "$1");
}

function findAttendee(eventId: string, id: string): Attendee | null {
  return (state.attendees.get(eventId) ?? []).find((a) => idKey(a.attendee_id) === idKey(id)) ?? null;
}

/** Fills what the input leaves empty from the show's attendee list (as the store does on save). */
function fillFromList(input: LeadInput): LeadInput {
  const found = input.attendee_id ? findAttendee(input.event_id, input.attendee_id) : null;
  if (!found) return input;
  const out = { ...input };
  for (const key of ["company", "name", "title", "phone", "email", "country"] as const) {
    if (!out[key].trim()) out[key] = found[key];
  }
  return out;
}

/** A tiny CSV reader for the fake: comma-separated, no quotes. The backend's is the real one. */
function fakeSheet(data: Uint8Array): { headers: string[]; rows: string[][] } {
  const lines = new TextDecoder().decode(data).split(/\r?\n/).filter((l) => l.trim() !== "");
  const [head, ...rest] = lines.map((l) => l.split(",").map((c) => c.trim()));
  if (!head) throw invalid([{ field: "file", code: "unreadable_sheet", message: "The file is empty: it has no header row." }]);
  return { headers: head, rows: rest };
}

function guessColumns(headers: string[]): AttendeeColumns {
  const find = (...names: string[]) => {
    const i = headers.findIndex((h) => names.includes(h.toLowerCase().replace(/[^a-z]/g, "")));
    return i < 0 ? null : i;
  };
  return {
    attendee_id: find("badgeid", "id", "regno"),
    name: find("name", "fullname"),
    first_name: find("firstname"),
    last_name: find("lastname"),
    company: find("company"),
    title: find("title", "jobtitle"),
    phone: find("phone", "mobile"),
    email: find("email"),
    country: find("country"),
  };
}

function e164(phone: string, country: string): string | null {
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits === "") return null;
  if (digits.startsWith("+")) return digits;
  const prefix: Record<string, string> = { CN: "+86", DE: "+49", US: "+1", IR: "+98" };
  const p = prefix[country];
  return p ? `${p}${digits.replace(/^0/, "")}` : null;
}

function applyInput(lead: Lead, input: LeadInput, event: Event): Lead {
  const trimmed = (s: string) => s.trim();
  return {
    ...lead,
    event_id: event.id,
    event_tag: event.tag,
    status: input.draft ? "draft" : lead.status === "draft" ? "new" : lead.status,
    company: trimmed(input.company),
    name: trimmed(input.name),
    title: trimmed(input.title),
    phone: trimmed(input.phone),
    phone_e164: e164(input.phone, input.country || event.country),
    email: trimmed(input.email),
    country: trimmed(input.country),
    grade: input.grade,
    interests: [...input.interests],
    key_needs: input.key_needs,
    next_action: input.next_action,
    badge_raw: input.badge_raw,
    badge_format: input.badge_format,
    attendee_id: input.attendee_id ?? lead.attendee_id,
  };
}

function changedFields(before: Lead | null, after: Lead): string[] {
  if (!before) return [];
  return LEAD_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

function recordVersion(before: Lead | null, after: Lead, user: User, merge?: MergeNote): void {
  const list = state.versions.get(after.id) ?? [];
  list.push({
    version: after.version,
    hlc: after.hlc,
    author_id: user.id,
    author_name: user.name,
    saved_at: after.updated_at,
    changed: changedFields(before, after),
    lead: clone(after),
    lead_id: after.id,
    ...(merge ? { merge } : {}),
  });
  state.versions.set(after.id, list);
}

function summary(l: Lead): LeadSummary {
  return {
    id: l.id,
    event_tag: l.event_tag,
    status: l.status,
    company: l.company,
    name: l.name,
    title: l.title,
    email: l.email,
    grade: l.grade,
    captured_by_name: l.captured_by_name,
    to_reconcile: l.to_reconcile,
    attendee_id: l.attendee_id,
    interests: [...l.interests],
    source: l.source,
    updated_at: l.updated_at,
    assigned_to_name: state.users.find((u) => u.id === l.assigned_to)?.name,
  };
}

function emit(id: string): void {
  for (const cb of [...listeners]) cb({ id });
}

function requireUser(): User {
  const user = session().user;
  if (!user) {
    throw invalid([{ field: "user", code: "no_user", message: "Choose who is at the booth before saving leads." }]);
  }
  return user;
}

/** Largest attachment the backend keeps (crates/leadtrack-domain/src/attachment.rs). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The backend's `sniff`: what the first bytes say the file is, whatever its name. */
function sniff(data: Uint8Array): string | null {
  const at = (offset: number, magic: readonly number[] | string) => {
    const bytes = typeof magic === "string" ? [...magic].map((c) => c.charCodeAt(0)) : magic;
    return data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
  };
  if (at(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (at(0, "RIFF") && at(8, "WEBP")) return "image/webp";
  if (at(0, "RIFF") && at(8, "WAVE")) return "audio/wav";
  if (at(0, [0x1a, 0x45, 0xdf, 0xa3])) return "audio/webm";
  if (at(0, "OggS")) return "audio/ogg";
  if (at(4, "ftyp") && !["heic", "heix", "mif1", "avif"].some((brand) => at(8, brand))) return "audio/mp4";
  return null;
}

/** The backend's `attachment::check`: the mime the bytes really are, or a validation error. */
function checkAttachment(kind: AttachmentKind, data: Uint8Array): string {
  const fail = (code: string, message: string) => invalid([{ field: "attachment", code, message }]);
  if (data.length === 0) throw fail("empty_file", "The file is empty.");
  if (data.length > MAX_ATTACHMENT_BYTES) throw fail("file_too_large", "The file is larger than 25 MB.");
  const mime = sniff(data);
  if (!mime) {
    throw fail("unsupported_file", "This file is not a JPEG, PNG or WebP photo or a WebM, Ogg, MP4 or WAV recording.");
  }
  const isAudio = mime.startsWith("audio/");
  if (kind === "voice" && !isAudio) throw fail("not_audio", "A voice memo must be a sound recording.");
  if (kind !== "voice" && isAudio) throw fail("not_image", "A photo must be an image.");
  return mime;
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(data));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function storeAttachment(leadId: string, kind: AttachmentKind, data: Uint8Array): Promise<Attachment> {
  const mime = checkAttachment(kind, data);
  if (!state.leads.some((l) => l.id === leadId)) throw notFound("lead");
  const bytes = new Uint8Array(data); // a copy: the caller may reuse its buffer
  const sha256 = await sha256Hex(bytes);
  if (!state.files.has(sha256)) state.files.set(sha256, bytes);
  const attachment: Attachment = { id: nextId("att"), lead_id: leadId, kind, mime, sha256, bytes: bytes.length, created_at: now() };
  state.attachments.push(attachment);
  return clone(attachment);
}

/**
 * A deliberately small stand-in for crates/leadtrack-badge, enough for the UI's tests: MECARD
 * (with `UID`/`CONF` ids and `Last,First` names), vCard 3.0 (unfolded, `N`, `FN`, `ORG`, first
 * `TEL` / `EMAIL`), an email address alone, a bare id; anything else is `unknown`. Like the real
 * one it never fails and always keeps the payload as given in `raw`.
 */
/** A profile as `events_set_badge_profile` checks it: a `validation` error on `badge_profile`. */
function checkProfile(text: string): FakeProfile {
  try {
    return readProfile(text);
  } catch (e) {
    throw invalid([{ field: "badge_profile", code: "invalid_badge_profile", message: e instanceof Error ? e.message : String(e) }]);
  }
}

/** A scan as the backend reads it: by the active show's saved profile when it has one. */
function parseForShow(payload: string): ParsedBadge {
  const saved = state.events.find((e) => e.id === state.session.eventId)?.badge_profile;
  if (!saved) return parseBadge(payload);
  try {
    return parseWithProfile(readProfile(saved), payload, parseBadge);
  } catch (e) {
    // As the backend: a saved profile that no longer reads costs no scan.
    const parsed = parseBadge(payload);
    parsed.warnings.unshift(`the show's badge profile was not used (${e instanceof Error ? e.message : String(e)}); the badge was auto-detected`);
    return parsed;
  }
}

function parseBadge(payload: string): ParsedBadge {
  const fields: ContactFields = { name: "", first_name: "", last_name: "", company: "", title: "", email: "", phone: "", country: "", address: "", website: "" };
  const warnings: string[] = [];
  let attendee_id: string | null = null;
  let format: BadgeFormat = "unknown";
  const text = payload.trim();
  const set = (key: keyof ContactFields, value: string) => {
    if (!fields[key] && value.trim()) fields[key] = value.trim();
  };
  const unescape = (v: string) => v.replace(/\\([\\;,:nN])/g, (_, c: string) => (c === "n" || c === "N" ? " " : c));

  if (/^BEGIN:VCARD/i.test(text)) {
    format = "vcard";
    const lines = text.replace(/\r\n?/g, "\n").replace(/\n[ \t]/g, "").split("\n");
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(";")[0]!.toUpperCase();
      const value = line.slice(colon + 1);
      const parts = value.split(";").map(unescape);
      if (name === "FN") set("name", unescape(value));
      else if (name === "N") {
        set("last_name", parts[0] ?? "");
        set("first_name", parts[1] ?? "");
      } else if (name === "ORG") set("company", parts[0] ?? "");
      else if (name === "TITLE") set("title", unescape(value));
      else if (name === "TEL") set("phone", unescape(value));
      else if (name === "EMAIL") set("email", unescape(value));
      else if (name === "URL") set("website", unescape(value));
      else if (name === "ADR") set("address", parts.filter((p) => p.trim()).join(", "));
    }
    if (!lines.some((l) => /^END:VCARD/i.test(l.trim()))) warnings.push("the vCard has no END:VCARD line; it may have been cut off");
  } else if (/^MECARD:/i.test(text)) {
    format = "mecard";
    for (const pair of text.slice("MECARD:".length).split(/(?<!\\);/)) {
      const colon = pair.indexOf(":");
      if (colon < 0) continue;
      const key = pair.slice(0, colon).trim().toUpperCase();
      const value = pair.slice(colon + 1);
      if (key === "N") {
        const [last, first, ...rest] = value.split(/(?<!\\),/);
        if (first !== undefined && rest.length === 0) {
          set("last_name", unescape(last ?? ""));
          set("first_name", unescape(first));
        } else set("name", unescape(value));
      } else if (key === "ORG") set("company", unescape(value));
      else if (key === "TITLE") set("title", unescape(value));
      else if (key === "TEL") set("phone", unescape(value));
      else if (key === "EMAIL") set("email", unescape(value));
      else if (key === "URL") set("website", unescape(value));
      else if (key === "ADR") set("address", unescape(value));
      else if (["UID", "CONF", "ID"].includes(key) && value.trim()) attendee_id ??= unescape(value).trim();
    }
  } else if (/^(mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(text)) {
    format = "email";
    set("email", text.replace(/^mailto:/i, ""));
  } else if (/^[A-Za-z0-9._-]+$/.test(text) && /\d/.test(text)) {
    format = "bare_id";
    attendee_id = text;
  } else {
    warnings.push(text ? "the badge format was not recognised; only the raw payload was kept" : "the payload is empty");
  }

  if (!fields.name && (fields.first_name || fields.last_name)) fields.name = `${fields.first_name} ${fields.last_name}`.trim();
  else if (fields.name && !fields.first_name && !fields.last_name && fields.name.includes(" ")) {
    const at = fields.name.lastIndexOf(" ");
    fields.first_name = fields.name.slice(0, at).trim();
    fields.last_name = fields.name.slice(at + 1).trim();
  }
  return { format, fields, attendee_id, raw: payload, warnings };
}

/** The backend's `kiosk::check_pin`: 4–12 digits, not one digit repeated, not a run like 1234 or 9876. */
function checkPin(pin: string): void {
  const fail = (code: string, message: string) => invalid([{ field: "pin", code, message }]);
  if (!/^[0-9]{4,12}$/.test(pin)) throw fail("invalid_pin", "A PIN is 4 to 12 digits.");
  const d = [...pin].map(Number);
  const pairs = d.slice(1).map((b, i) => [d[i]!, b] as const);
  if (pairs.every(([a, b]) => a === b) || pairs.every(([a, b]) => b === (a + 1) % 10) || pairs.every(([a, b]) => a === (b + 1) % 10)) {
    throw fail("weak_pin", "Choose a PIN that is not one digit repeated or a run like 1234.");
  }
}

const KIOSK_FIELDS = ["name", "company", "title", "email", "phone", "country"];

/** The backend's `KioskForm::validated`: unknown fields dropped, then one error per problem. */
function validatedKioskForm(form: KioskForm): KioskForm {
  const fields = form.fields.filter((f, i) => KIOSK_FIELDS.includes(f) && form.fields.indexOf(f) === i);
  const out: KioskForm = { ...clone(form), fields, required: form.required.filter((f) => fields.includes(f)) };
  const errors: FieldError[] = [];
  if (fields.length === 0) errors.push({ field: "fields", code: "no_fields", message: "Show at least one field." });
  const en = (text: Record<string, string | undefined>) => (text.en ?? Object.values(text)[0] ?? "").trim();
  const ids = new Set<string>();
  out.questions.forEach((q, i) => {
    const badId = !q.id.trim() || ids.has(q.id.trim());
    ids.add(q.id.trim());
    const badOptions = (q.kind !== "text" && q.options.length < 2) || q.options.some((o) => !o.id.trim() || !en(o.text));
    if (badId || !en(q.text) || badOptions) {
      errors.push({ field: `questions.${i}`, code: "invalid_question", message: "Each question needs its own id, a text and, for choices, at least two options." });
    }
  });
  if (!out.consent.version.trim() || !en(out.consent.statement)) {
    errors.push({ field: "consent", code: "invalid_consent", message: "The consent needs a version and a statement." });
  }
  if (out.idle_seconds < 15 || out.idle_seconds > 600) {
    errors.push({ field: "idle_seconds", code: "invalid_idle", message: "The idle time is 15 to 600 seconds." });
  }
  if (errors.length) throw invalid(errors);
  return out;
}

/** Kiosk registrations are saved as this user (the store makes one per device). */
const KIOSK_USER: User = { id: "u-kiosk", name: "Kiosk", email: "", role: "kiosk" };

/** The kiosk's show and its form (the default one when it has none); `kiosk_off` when kiosk mode is off. */
function kioskShow(): [Event, KioskForm] {
  const event = state.events.find((e) => e.id === state.kiosk.eventId);
  if (!event) throw invalid([{ field: "kiosk", code: "kiosk_off", message: "Kiosk mode is off." }]);
  return [event, event.form.kiosk ?? sampleKioskForm];
}

/** The backend's `prefill`: a badge's own fields, else the attendee list's for its id. */
function kioskPrefill(payload: string): KioskPrefill {
  const [event] = kioskShow();
  const parsed = parseBadge(payload);
  const f = parsed.fields;
  const out: KioskPrefill = {
    company: f.company,
    name: f.name.trim() || `${f.first_name} ${f.last_name}`.trim(),
    title: f.title,
    email: f.email,
    phone: f.phone,
    country: f.country.trim().length === 2 ? f.country.trim().toUpperCase() : "",
    attendee_id: parsed.attendee_id,
    badge_raw: parsed.raw,
    badge_format: parsed.format,
  };
  const listed = parsed.attendee_id ? findAttendee(event.id, parsed.attendee_id) : null;
  for (const key of ["company", "name", "title", "email", "phone"] as const) {
    if (listed && !out[key]) out[key] = listed[key];
  }
  return out;
}

function kioskStatus(): KioskStatus {
  return { event_id: state.kiosk.eventId, pin_set: state.kiosk.pin !== null };
}

function mergeRefusal(code: string, message: string): LeadTrackError {
  return invalid([{ field: "merge", code, message }]);
}

/** Leads merged into `id`, directly or through a lead it absorbed (from the merge notes). */
function absorbedInto(id: string): string[] {
  const out: string[] = [];
  const todo = [id];
  while (todo.length) {
    for (const v of state.versions.get(todo.pop()!) ?? []) {
      const other = v.merge && !v.merge.absorbed ? v.merge.other_id : null;
      if (other && other !== id && !out.includes(other)) {
        out.push(other);
        todo.push(other);
      }
    }
  }
  return out;
}

/** The store's merge (crates/leadtrack-store/src/merge.rs), simply: same refusals, same defaults. */
function mergeLeads(survivorId: string, absorbedId: string, choice: MergeChoice): Lead {
  const user = requireUser();
  if (survivorId === absorbedId) throw mergeRefusal("merge_self", "A lead cannot be merged into itself.");
  const s = state.leads.find((l) => l.id === survivorId);
  const a = state.leads.find((l) => l.id === absorbedId);
  if (!s || !a) throw notFound("lead");
  if (a.merged_into) throw mergeRefusal("already_merged", "This lead was already merged into another lead.");
  if (s.merged_into) throw mergeRefusal("survivor_merged", "The lead to keep was itself merged into another lead.");
  if (s.event_id !== a.event_id) throw mergeRefusal("other_show", "Only leads of the same show can be merged.");
  const stale = (seen: number | undefined, lead: Lead) => seen !== undefined && seen !== lead.version;
  if (stale(choice.survivor_version ?? undefined, s) || stale(choice.absorbed_version ?? undefined, a)) {
    throw mergeRefusal("changed_since", "One of the leads was saved again since you compared them.");
  }
  const text = (f: "company" | "name" | "title" | "phone" | "email" | "country") =>
    choice[f] === "survivor" ? s[f] : choice[f] === "absorbed" ? a[f] : s[f].trim() ? s[f] : a[f];
  const pick = <T,>(f: "grade" | "next_action", sv: T | null, av: T | null, dflt: T | null): T | null =>
    choice[f] === "survivor" ? sv : choice[f] === "absorbed" ? av : dflt;
  const better = s.grade && a.grade ? (s.grade < a.grade ? s.grade : a.grade) : (s.grade ?? a.grade);
  const [sk, ak] = [s.key_needs.trim(), a.key_needs.trim()];
  const joined = !ak || sk === ak ? sk : !sk ? ak : `${sk}\n\n${ak}`;
  const input: LeadInput = {
    event_id: s.event_id,
    company: text("company"),
    name: text("name"),
    title: text("title"),
    phone: text("phone"),
    email: text("email"),
    country: text("country"),
    grade: pick("grade", s.grade, a.grade, better),
    interests: [...s.interests, ...a.interests.filter((t) => !s.interests.includes(t))],
    key_needs: choice.key_needs === "survivor" ? s.key_needs : choice.key_needs === "absorbed" ? a.key_needs : joined,
    next_action: pick("next_action", s.next_action, a.next_action, s.next_action ?? a.next_action),
    draft: s.status === "draft" && a.status === "draft",
    source: s.source,
    badge_raw: s.badge_raw ?? a.badge_raw,
    badge_format: s.badge_raw ? s.badge_format : a.badge_format,
    attendee_id: s.attendee_id ?? a.attendee_id,
  };
  const event = state.events.find((e) => e.id === s.event_id);
  if (!event) throw notFound("event");
  const errors = validateLead(input, event);
  if (errors.length) throw invalid(errors);
  const label = (l: Lead) => l.name || l.company || l.email;
  const goneAt = now();
  const gone: Lead = { ...a, merged_into: s.id, version: a.version + 1, hlc: `${goneAt}:0`, updated_at: goneAt };
  state.leads[state.leads.indexOf(a)] = gone;
  recordVersion(a, gone, user, { other_id: s.id, other_name: label(s), absorbed: true });
  const at = now();
  const kept: Lead = { ...applyInput(s, input, event), version: s.version + 1, hlc: `${at}:0`, updated_at: at };
  state.leads[state.leads.indexOf(s)] = kept;
  recordVersion(s, kept, user, { other_id: a.id, other_name: label(a), absorbed: false });
  emit(a.id);
  emit(s.id);
  return clone(kept);
}

/** Same shape as `commands` in ./index (checked by `satisfies` below). */
export const commands = {
  appInfo: async () => ({ version: "0.0.0-fake", data_dir: "/tmp/leadtrack-fake" }),
  sessionGet: async (): Promise<Session> => clone(session()),
  sessionSetEvent: async (id: string): Promise<Session> => {
    if (!state.events.some((e) => e.id === id)) throw notFound("event");
    state.session.eventId = id;
    return clone(session());
  },

  eventsList: async (): Promise<Event[]> => clone(state.events),
  eventsCreate: async (input: EventInput): Promise<Event> => {
    const fields: FieldError[] = [];
    if (!input.tag.trim()) fields.push({ field: "tag", code: "required", message: "tag is required." });
    if (!input.name.trim()) fields.push({ field: "name", code: "required", message: "name is required." });
    if (state.events.some((e) => e.tag === input.tag.trim().toUpperCase())) {
      fields.push({ field: "tag", code: "tag_taken", message: "Another show already uses this tag." });
    }
    if (fields.length) throw invalid(fields);
    const event: Event = { ...clone(input), id: nextId("ev"), tag: input.tag.trim().toUpperCase(), country: input.country.trim().toUpperCase() };
    state.events.push(event);
    if (!state.session.eventId) state.session.eventId = event.id;
    return clone(event);
  },
  /** Checks the profile first: a bad one is refused and nothing is saved; `null` clears it. */
  eventsSetBadgeProfile: async (eventId: string, profile: string | null): Promise<Event> => {
    if (profile !== null) checkProfile(profile);
    const event = state.events.find((e) => e.id === eventId);
    if (!event) throw notFound("event");
    if (profile === null) delete event.badge_profile;
    else event.badge_profile = profile;
    return clone(event);
  },
  kioskStatus: async (): Promise<KioskStatus> => kioskStatus(),
  kioskSetPin: async (pin: string): Promise<KioskStatus> => {
    checkPin(pin);
    state.kiosk.pin = pin;
    return kioskStatus();
  },
  /** Refused without a PIN (`pin_not_set`); the real one also opens the kiosk window and hides this one. */
  kioskStart: async (eventId: string): Promise<KioskStatus> => {
    if (!state.events.some((e) => e.id === eventId)) throw notFound("event");
    if (state.kiosk.pin === null) {
      throw invalid([{ field: "pin", code: "pin_not_set", message: "Set a staff PIN before starting the kiosk: it is the only way out." }]);
    }
    state.kiosk.eventId = eventId;
    return kioskStatus();
  },
  eventsSetKioskForm: async (eventId: string, form: KioskForm): Promise<Event> => {
    const checked = validatedKioskForm(form);
    const event = state.events.find((e) => e.id === eventId);
    if (!event) throw notFound("event");
    event.form.kiosk = checked;
    return clone(event);
  },
  // The kiosk window's commands: nothing here returns anything about another visitor.
  kioskConfig: async (): Promise<KioskConfig> => {
    const [event, form] = kioskShow();
    return clone({ event_name: event.name, event_tag: event.tag, booth: event.booth, interests: event.form.interests, form });
  },
  kioskScan: async (payload: string): Promise<KioskPrefill> => kioskPrefill(payload),
  /** As `badgesScanFrame`, the fake decodes no pixels: `FAKE_QR_MARKER` + payload in the luma bytes is a badge. */
  kioskScanFrame: async (width: number, height: number, luma: Uint8Array): Promise<KioskPrefill | null> => {
    const [first] = await commands.badgesScanFrame(width, height, luma);
    return first ? kioskPrefill(first.text) : null;
  },
  kioskRegister: async (registration: KioskRegistration): Promise<KioskReceipt> => {
    const [event, form] = kioskShow();
    const at = now();
    const valid = checkRegistration(registration, form, event, at);
    if (Array.isArray(valid)) throw invalid(valid);
    // The kiosk form's required fields stand in for the rep form's; contact fields are checked as for any lead.
    const errors = validateLead(valid.input, { ...event, form: { ...event.form, required: form.required.filter((f) => form.fields.includes(f)) } });
    if (errors.length) throw invalid(errors);
    const base = makeLead({ id: nextId("lead"), source: "kiosk", captured_by: KIOSK_USER.id, captured_by_name: KIOSK_USER.name, consent: valid.consent, answers: valid.answers, hlc: `${at}:0`, created_at: at, updated_at: at });
    const lead = applyInput(base, valid.input, event);
    state.leads.push(lead);
    recordVersion(null, lead, KIOSK_USER);
    emit(lead.id);
    return { name: lead.name, brochure_url: form.brochure_url };
  },
  /** The store's `exit_kiosk` at the wall clock (so fake timers move lockouts along). */
  kioskExit: async (pin: string): Promise<PinCheck> => {
    const k = state.kiosk;
    if (k.pin === null) return { result: "not_set" };
    const at = Date.now();
    if (at < k.lockedUntil) return { result: "locked_out", until: k.lockedUntil };
    if (pin === k.pin) {
      state.kiosk = { ...k, eventId: null, failures: 0, lockedUntil: 0 };
      return { result: "accepted" };
    }
    k.failures += 1;
    const ms = lockoutMs(k.failures);
    if (ms === null) return { result: "wrong", attempts_left: PIN_ATTEMPTS - (k.failures % PIN_ATTEMPTS) };
    k.lockedUntil = at + ms;
    return { result: "locked_out", until: k.lockedUntil };
  },
  usersList: async (): Promise<User[]> => clone(state.users),
  leadsCreate: async (input: LeadInput): Promise<Lead> => {
    const user = requireUser();
    const event = state.events.find((e) => e.id === input.event_id);
    if (!event) throw notFound("event");
    input = fillFromList(input);
    const errors = validateLead(input, event);
    if (errors.length) throw invalid(errors);
    const at = now();
    const blank: Lead = {
      id: nextId("lead"),
      event_id: event.id,
      event_tag: event.tag,
      status: input.draft ? "draft" : "new",
      source: input.source ?? "manual",
      channel: "booth",
      captured_by: user.id,
      captured_by_name: user.name,
      assigned_to: null,
      company: "",
      name: "",
      title: "",
      phone: "",
      phone_e164: null,
      email: "",
      country: "",
      grade: null,
      interests: [],
      key_needs: "",
      next_action: null,
      badge_raw: null,
      badge_format: null,
      attendee_id: null,
      to_reconcile: false,
      merged_into: null,
      consent: null,
      answers: [],
      version: 1,
      hlc: `${at}:0`,
      created_at: at,
      updated_at: at,
    };
    const lead = { ...applyInput(blank, input, event), to_reconcile: awaitsList(input) };
    state.leads.push(lead);
    recordVersion(null, lead, user);
    followupFake.onSaved(lead, undefined, event.name, user.name);
    emit(lead.id);
    return clone(lead);
  },
  leadsUpdate: async (id: string, input: LeadInput): Promise<Lead> => {
    const user = requireUser();
    const index = state.leads.findIndex((l) => l.id === id);
    const before = state.leads[index];
    if (!before) throw notFound("lead");
    if (before.merged_into) throw mergeRefusal("merged", "This lead was merged into another lead; edit that one instead.");
    const event = state.events.find((e) => e.id === input.event_id);
    if (!event) throw notFound("event");
    const errors = validateLead(input, event);
    if (errors.length) throw invalid(errors);
    const at = now();
    const after: Lead = { ...applyInput(before, input, event), version: before.version + 1, hlc: `${at}:0`, updated_at: at };
    state.leads[index] = after;
    recordVersion(before, after, user);
    followupFake.onSaved(after, before.grade, event.name, user.name);
    emit(id);
    return clone(after);
  },
  leadsFindByBadge: async (event: string, raw: string): Promise<Lead | null> => {
    const first = state.leads
      .filter((l) => l.event_id === event && l.badge_raw === raw)
      .sort((x, y) => x.created_at - y.created_at)[0];
    return first ? clone(first) : null;
  },
  leadsGet: async (id: string): Promise<Lead> => {
    const lead = state.leads.find((l) => l.id === id);
    if (!lead) throw notFound("lead");
    return clone(lead);
  },
  leadsSearch: async (query: LeadQuery): Promise<LeadSummary[]> => {
    const text = query.text.trim().toLowerCase();
    const hits = state.leads.filter(
      (l) =>
        (!text || [l.name, l.company, l.title, l.email, l.key_needs, ...l.interests].some((v) => v.toLowerCase().includes(text))) &&
        (query.event_id === null || l.event_id === query.event_id) &&
        (query.grade === null || l.grade === query.grade) &&
        (query.status === null || l.status === query.status) &&
        (query.captured_by === null || l.captured_by === query.captured_by) &&
        (!query.to_reconcile || l.to_reconcile) &&
        (!query.source || l.source === query.source) &&
        !l.merged_into,
    );
    hits.sort((a, b) => b.updated_at - a.updated_at);
    return hits.slice(0, query.limit ?? undefined).map(summary);
  },
  attendeesPreview: async (data: Uint8Array, fileExt: string): Promise<AttendeePreview> => {
    const sheet = fakeSheet(data);
    return {
      format: fileExt === "xlsx" ? "xlsx" : "csv",
      source: "UTF-8",
      headers: sheet.headers,
      rows: sheet.rows.slice(0, 8).map((cells, i) => ({ number: i + 2, cells })),
      total_rows: sheet.rows.length,
      columns: guessColumns(sheet.headers),
    };
  },
  attendeesImport: async (eventId: string, columns: AttendeeColumns, data: Uint8Array, _fileExt: string): Promise<AttendeeImport> => {
    const user = requireUser();
    const sheet = fakeSheet(data);
    const list = state.attendees.get(eventId) ?? [];
    const report: AttendeeImport = { added: 0, updated: 0, skipped: 0, reconciled: 0, skipped_rows: [] };
    const cell = (row: string[], c: number | null) => (c === null ? "" : (row[c] ?? "").trim());
    sheet.rows.forEach((row, i) => {
      const id = cell(row, columns.attendee_id);
      if (!idKey(id)) {
        report.skipped += 1;
        report.skipped_rows.push(i + 2);
        return;
      }
      const name = cell(row, columns.name) || `${cell(row, columns.first_name)} ${cell(row, columns.last_name)}`.trim();
      const a: Attendee = { attendee_id: id, name, company: cell(row, columns.company), title: cell(row, columns.title), phone: cell(row, columns.phone), email: cell(row, columns.email), country: cell(row, columns.country) };
      const at = list.findIndex((x) => idKey(x.attendee_id) === idKey(id));
      if (at < 0) {
        list.push(a);
        report.added += 1;
      } else {
        list[at] = a;
        report.updated += 1;
      }
    });
    state.attendees.set(eventId, list);
    for (const [i, lead] of state.leads.entries()) {
      if (lead.event_id !== eventId || !lead.to_reconcile || !lead.attendee_id || !findAttendee(eventId, lead.attendee_id)) continue;
      const found = findAttendee(eventId, lead.attendee_id)!;
      const at = now();
      const after: Lead = { ...lead, name: lead.name || found.name, company: lead.company || found.company, email: lead.email || found.email, to_reconcile: false, version: lead.version + 1, updated_at: at };
      state.leads[i] = after;
      recordVersion(lead, after, user);
      report.reconciled += 1;
    }
    return report;
  },
  attendeesFind: async (event: string, id: string): Promise<Attendee | null> => clone(findAttendee(event, id)),
  attendeesStatus: async (event: string): Promise<AttendeeListStatus> => ({
    attendees: (state.attendees.get(event) ?? []).length,
    to_reconcile: state.leads.filter((l) => l.event_id === event && l.to_reconcile && !l.merged_into).length,
  }),
  /** The lead's versions and those of the leads merged into it, newest first. */
  leadsVersions: async (id: string): Promise<LeadVersion[]> => {
    if (!state.leads.some((l) => l.id === id)) throw notFound("lead");
    const all = [id, ...absorbedInto(id)].flatMap((lead) => state.versions.get(lead) ?? []);
    return clone(all.sort((a, b) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0)));
  },
  leadsMerge: async (survivor: string, absorbed: string, choice: MergeChoice): Promise<Lead> => mergeLeads(survivor, absorbed, choice),
  /** Other leads of the show with the same email (any case) or phone; merged leads are none. */
  /** Records the export instead of writing a file; the path is where the save dialog "put" it. */
  leadsExport: async (format: ExportFormat, query: LeadQuery): Promise<ExportedFile | null> => {
    if (exportState.cancelNext) {
      exportState.cancelNext = false;
      return null;
    }
    const count = state.leads.filter(
      (l) =>
        (query.event_id === null || l.event_id === query.event_id) &&
        (query.grade === null || l.grade === query.grade) &&
        (query.status === null || l.status === query.status) &&
        (query.captured_by === null || l.captured_by === query.captured_by) &&
        (!query.to_reconcile || l.to_reconcile) &&
        (!query.source || l.source === query.source) &&
        !l.merged_into,
    ).length;
    const tag = state.events.find((e) => e.id === query.event_id)?.tag ?? "all";
    const ext = { hubspot: "csv", salesforce: "csv", excel_csv: "csv", xlsx: "xlsx", vcard: "vcf", json: "json" }[format];
    exportState.made.push({ format, query: clone(query) });
    return { path: `/home/rep/Documents/leadtrack-${tag}-${format}.${ext}`, count, bytes: 100 + count * 80 };
  },
  leadsDuplicates: async (id: string): Promise<LeadSummary[]> => {
    const lead = state.leads.find((l) => l.id === id);
    if (!lead) throw notFound("lead");
    if (lead.merged_into) return [];
    const email = lead.email.trim().toLowerCase();
    return state.leads
      .filter(
        (l) =>
          l.id !== id &&
          l.event_id === lead.event_id &&
          !l.merged_into &&
          ((email !== "" && l.email.trim().toLowerCase() === email) || (lead.phone_e164 !== null && l.phone_e164 === lead.phone_e164)),
      )
      .sort((a, b) => a.created_at - b.created_at)
      .slice(0, 5)
      .map(summary);
  },
  attachmentsAdd: async (leadId: string, kind: AttachmentKind, data: Uint8Array): Promise<Attachment> => {
    requireUser();
    return storeAttachment(leadId, kind, data);
  },
  /** A lead's attachments, oldest first. */
  attachmentsList: async (id: string): Promise<Attachment[]> =>
    clone(state.attachments.filter((a) => a.lead_id === id || absorbedInto(id).includes(a.lead_id)).sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id))),
  attachmentsGet: async (id: string): Promise<ArrayBuffer> => {
    const attachment = state.attachments.find((a) => a.id === id);
    if (!attachment) throw notFound("attachment");
    const data = state.files.get(attachment.sha256);
    if (!data || state.damaged.has(id)) {
      throw new LeadTrackError("storage", `The attachment file at /tmp/leadtrack-fake/attachments/${attachment.sha256} is damaged: its contents no longer match what was saved.`);
    }
    return data.slice().buffer;
  },
  /** Never fails: the worst case is format "unknown" with the raw payload (see `parseBadge`). */
  badgesParse: async (payload: string): Promise<ParsedBadge> => parseForShow(payload),
  badgesTryProfile: async (profile: string, sample: string): Promise<ParsedBadge> => parseWithProfile(checkProfile(profile), sample, parseBadge),
  /**
   * A photo's badge codes. The fake decodes no pixels: a PNG/JPEG/WebP whose bytes contain
   * `FAKE_QR_MARKER` followed by a payload (up to a newline or the end) holds one QR code with
   * that payload; any other image holds none; anything else is `unreadable_image`.
   */
  badgesScanImage: async (data: Uint8Array): Promise<ScannedSymbol[]> => {
    const mime = sniff(data);
    if (!mime || !mime.startsWith("image/")) {
      throw invalid([{ field: "attachment", code: "unreadable_image", message: "This file is not a readable PNG or JPEG photo." }]);
    }
    const text = new TextDecoder().decode(data);
    const at = text.indexOf(FAKE_QR_MARKER);
    if (at < 0) return [];
    const payload = text.slice(at + FAKE_QR_MARKER.length).split("\n")[0] ?? "";
    return [{ symbology: "qr", text: payload, parsed: parseForShow(payload) }];
  },
  /**
   * A webcam frame's badge codes, with the backend's size check. The fake decodes no pixels:
   * luma bytes containing `FAKE_QR_MARKER` followed by a payload (up to a zero byte, so
   * vCards keep their lines) hold one QR code with that payload; any other frame holds none.
   */
  badgesScanFrame: async (width: number, height: number, luma: Uint8Array): Promise<ScannedSymbol[]> => {
    const sides = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4096;
    if (!sides(width) || !sides(height) || width * height !== luma.length) {
      const message = `${width}×${height} does not match ${luma.length} bytes of luma.`;
      throw invalid([{ field: "frame", code: "bad_frame", message }]);
    }
    const text = new TextDecoder().decode(luma);
    const at = text.indexOf(FAKE_QR_MARKER);
    if (at < 0) return [];
    const payload = text.slice(at + FAKE_QR_MARKER.length).split("\0")[0] ?? "";
    return [{ symbology: "qr", text: payload, parsed: parseForShow(payload) }];
  },
  ...syncCommands,
  ...dashboardCommands({
    leads: () => state.leads,
    users: () => state.users,
    user: () => state.users.find((u) => u.id === state.session.userId) ?? null,
    now: () => now(),
  }),
  ...interactionCommands,
  ...phoneCommands,
  ...materialCommands({
    user: () => state.users.find((u) => u.id === state.session.userId) ?? null,
    touch: (id) => emit(id),
    kioskEventId: () => state.kiosk.eventId,
  }),
  ...followupCommands,
  ...quoteCommands({ user: () => state.users.find((u) => u.id === state.session.userId) ?? null, now, touch: (id) => emit(id) }),
  ...teamCommands({
    users: () => state.users,
    addUser: (u) => void state.users.push(u),
    signedIn: () => state.session.userId,
    setSignedIn: (id) => void (state.session.userId = id),
    session,
    leads: () => state.leads,
    assign: (leadId, userId) => {
      const before = state.leads.find((l) => l.id === leadId) as Lead;
      const by = state.users.find((u) => u.id === state.session.userId) as User;
      const after: Lead = { ...clone(before), assigned_to: userId, version: before.version + 1, updated_at: now() };
      state.leads = state.leads.map((l) => (l.id === leadId ? after : l));
      recordVersion(before, after, by);
      emit(leadId);
      return clone(after);
    },
    now,
  }),
} satisfies typeof BackendCommands;

export { onSyncProgress, onSyncStatus } from "./fakeSync";
export { onMaterialsProgress } from "./fakeMaterials";
/** The fake serves no files: a recognisable URL per hash is enough for tests. */
export function materialUrl(sha256: string): string {
  return `leadtrack-content://localhost/${sha256}`;
}

const reminderListeners = new Set<(r: Reminder) => void>();
export function onFollowupReminder(cb: (r: Reminder) => void): Unsubscribe {
  reminderListeners.add(cb);
  return () => void reminderListeners.delete(cb);
}
export function onFollowupAlert(_cb: (a: AlertShown) => void): Unsubscribe {
  return () => {};
}

export function onLeadsAssigned(_cb: (payload: { lead_ids: string[]; assignee: string }) => void): Unsubscribe {
  return () => {};
}

export function onLeadsChanged(cb: (payload: LeadsChangedPayload) => void): Unsubscribe {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

/** Test controls: seed the backend, look at it, and play backend events. */
export const fake = {
  reset(seed: Seed = {}): void {
    state = emptyState();
    exportState.made = [];
    exportState.cancelNext = false;
    listeners.clear();
    syncFake.reset();
    dashboardFake.reset();
    interactionsFake.reset();
    phoneFake.reset();
    followupFake.reset(() => state.session.userId, () => state.clock);
    quotesFake.reset();
    teamFake.reset();
    materialsFake.reset();
    state.events = clone(seed.events ?? []);
    state.users = clone(seed.users ?? []);
    state.session = { userId: seed.userId ?? null, eventId: seed.eventId ?? null };
    if (seed.kiosk) state.kiosk = { eventId: seed.kiosk.eventId, pin: seed.kiosk.pin, failures: 0, lockedUntil: 0 };
    for (const lead of seed.leads ?? []) {
      state.leads.push(clone(lead));
      const user = state.users.find((u) => u.id === lead.captured_by) ?? { id: lead.captured_by, name: lead.captured_by_name, email: "", role: "rep" as const };
      recordVersion(null, lead, user);
    }
  },
  get leads(): Lead[] {
    return clone(state.leads);
  },
  /** Kiosk mode as the backend would keep it: the show it runs for and the staff PIN. */
  get kiosk(): { eventId: string | null; pin: string | null } {
    return clone(state.kiosk);
  },
  /** Every `leadsExport` call that was not cancelled: its format and query. */
  get exports(): { format: ExportFormat; query: LeadQuery }[] {
    return clone(exportState.made);
  },
  /** The next export's save dialog is cancelled (`leadsExport` resolves to null). */
  cancelNextExport(): void {
    exportState.cancelNext = true;
  },
  /** Every stored attachment with its bytes, in the order they were added. */
  get attachments(): StoredAttachment[] {
    return state.attachments.map((a) => ({ ...clone(a), data: new Uint8Array(state.files.get(a.sha256) ?? []) }));
  },
  /** Stores an attachment as if it had been added earlier (no session needed); checked like the real one. */
  async seedAttachment(leadId: string, kind: AttachmentKind, data: Uint8Array): Promise<Attachment> {
    return storeAttachment(leadId, kind, data);
  },
  /** Makes an attachment's file fail its hash check, as a damaged disk would. */
  damageAttachment(id: string): void {
    state.damaged.add(id);
  },
  /** Sync settings, backlog, parked items and uploads (see fakeSync.ts). */
  sync: syncFake,
  /** Dashboard orders, the next order import's answer and saved files (see fakeDashboard.ts). */
  dashboard: dashboardFake,
  /** Registration on visitors' phones (see fakePhone.ts). */
  phone: phoneFake,
  /** Follow-up tasks, drafts and what was sent (see fakeFollowup.ts). */
  followup: followupFake,
  /** Pricebooks, quotes and promo codes (see fakeQuotes.ts). */
  quotes: quotesFake,
  /** PINs, the audit log and assignments (see fakeTeam.ts). */
  team: teamFake,
  /** The content pack: seed it, make an import fail, choose what the next import holds (see fakeMaterials.ts). */
  materials: materialsFake,
  /** Plays a `followup://reminder` event as the reminder loop would. */
  emitReminder(r: Reminder): void {
    for (const cb of reminderListeners) cb(structuredClone(r));
  },
  /** Plays a `leads://changed` event as if another window had saved. */
  emitLeadsChanged(id: string): void {
    emit(id);
  },
  /** Changes a stored lead behind the UI's back (as another window would). */
  patchLead(id: string, patch: Partial<Lead>): void {
    const i = state.leads.findIndex((l) => l.id === id);
    const lead = state.leads[i];
    if (lead) state.leads[i] = { ...lead, ...patch };
  },
};

/** Bytes that the backend accepts as a PNG photo (the magic number is what counts). */
export function samplePng(): Uint8Array {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
}

/** Bytes that the backend accepts as a WebM voice recording. */
export function sampleWebm(): Uint8Array {
  return new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
}

/** A complete lead for seeding tests; override what matters. */
export function makeLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: "lead-seed-1",
    event_id: sampleEvent.id,
    event_tag: sampleEvent.tag,
    status: "new",
    source: "manual",
    channel: "booth",
    captured_by: "u-dylan",
    captured_by_name: "Dylan",
    assigned_to: null,
    company: "Acme Pumps",
    name: "Wang Wei",
    title: "Buyer",
    phone: "138 0013 8000",
    phone_e164: "+8613800138000",
    email: "wang@acme.example",
    country: "CN",
    grade: "A",
    interests: ["pumps"],
    key_needs: "Needs 500 units before Q3",
    next_action: "send_quote",
    badge_raw: null,
    badge_format: null,
    attendee_id: null,
    to_reconcile: false,
    merged_into: null,
    consent: null,
    answers: [],
    version: 1,
    hlc: "1776243600000:0",
    created_at: Date.UTC(2026, 3, 15, 8, 0, 0),
    updated_at: Date.UTC(2026, 3, 15, 8, 0, 0),
    ...overrides,
  };
}
