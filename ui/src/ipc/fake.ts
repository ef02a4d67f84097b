//! An in-memory stand-in for ./index with the same exports, used by the Vitest suites
//! (`vi.mock("…/ipc", () => import("…/ipc/fake"))`). It keeps just enough of the backend's
//! rules (required fields, drafts, versions, the session, attachments known by their bytes)
//! for the screens to be exercised end to end. Never imported by the app itself, so it is
//! not in the build.
import type {
  Attachment,
  AttachmentKind,
  BadgeFormat,
  commands as BackendCommands,
  ContactFields,
  Event,
  EventInput,
  FieldError,
  Lead,
  LeadInput,
  LeadQuery,
  LeadSummary,
  LeadVersion,
  ParsedBadge,
  ScannedSymbol,
  Session,
  User,
} from "./bindings";
import { LeadTrackError } from "./error";

export type * from "./bindings";
export { LeadTrackError, isLeadTrackError } from "./error";
export type LeadsChangedPayload = { id: string };

/** In a photo handed to the fake's `badgesScanImage`, marks a QR code: the payload follows it. */
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
  clock: number;
  seq: number;
};

export type Seed = {
  events?: Event[];
  users?: User[];
  userId?: string | null;
  eventId?: string | null;
  leads?: Lead[];
};

/** What the fake stores for one attachment: the record and its bytes. */
export type StoredAttachment = Attachment & { data: Uint8Array };

let state: State = emptyState();
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
    for (const field of event.form.required) {
      const value = (input as unknown as Record<string, unknown>)[field];
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

function recordVersion(before: Lead | null, after: Lead, user: User): void {
  const list = state.versions.get(after.id) ?? [];
  list.push({
    version: after.version,
    hlc: after.hlc,
    author_id: user.id,
    author_name: user.name,
    saved_at: after.updated_at,
    changed: changedFields(before, after),
    lead: clone(after),
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
    interests: [...l.interests],
    updated_at: l.updated_at,
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

/** Same shape as `commands` in ./index (checked by `satisfies` below). */
export const commands = {
  appInfo: async () => ({ version: "0.0.0-fake", data_dir: "/tmp/leadtrack-fake" }),
  sessionGet: async (): Promise<Session> => clone(session()),
  sessionSetEvent: async (id: string): Promise<Session> => {
    if (!state.events.some((e) => e.id === id)) throw notFound("event");
    state.session.eventId = id;
    return clone(session());
  },
  sessionSetUser: async (id: string): Promise<Session> => {
    if (!state.users.some((u) => u.id === id)) throw notFound("user");
    state.session.userId = id;
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
  usersList: async (): Promise<User[]> => clone(state.users),
  leadsCreate: async (input: LeadInput): Promise<Lead> => {
    const user = requireUser();
    const event = state.events.find((e) => e.id === input.event_id);
    if (!event) throw notFound("event");
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
      version: 1,
      hlc: `${at}:0`,
      created_at: at,
      updated_at: at,
    };
    const lead = applyInput(blank, input, event);
    state.leads.push(lead);
    recordVersion(null, lead, user);
    emit(lead.id);
    return clone(lead);
  },
  leadsUpdate: async (id: string, input: LeadInput): Promise<Lead> => {
    const user = requireUser();
    const index = state.leads.findIndex((l) => l.id === id);
    const before = state.leads[index];
    if (!before) throw notFound("lead");
    const event = state.events.find((e) => e.id === input.event_id);
    if (!event) throw notFound("event");
    const errors = validateLead(input, event);
    if (errors.length) throw invalid(errors);
    const at = now();
    const after: Lead = { ...applyInput(before, input, event), version: before.version + 1, hlc: `${at}:0`, updated_at: at };
    state.leads[index] = after;
    recordVersion(before, after, user);
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
        (query.captured_by === null || l.captured_by === query.captured_by),
    );
    hits.sort((a, b) => b.updated_at - a.updated_at);
    return hits.slice(0, query.limit ?? undefined).map(summary);
  },
  leadsVersions: async (id: string): Promise<LeadVersion[]> => {
    if (!state.leads.some((l) => l.id === id)) throw notFound("lead");
    return clone([...(state.versions.get(id) ?? [])].reverse());
  },
  attachmentsAdd: async (leadId: string, kind: AttachmentKind, data: Uint8Array): Promise<Attachment> => {
    requireUser();
    return storeAttachment(leadId, kind, data);
  },
  /** A lead's attachments, oldest first. */
  attachmentsList: async (id: string): Promise<Attachment[]> =>
    clone(state.attachments.filter((a) => a.lead_id === id).sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id))),
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
  badgesParse: async (payload: string): Promise<ParsedBadge> => parseBadge(payload),
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
    return [{ symbology: "qr", text: payload, parsed: parseBadge(payload) }];
  },
} satisfies typeof BackendCommands;

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
    listeners.clear();
    state.events = clone(seed.events ?? []);
    state.users = clone(seed.users ?? []);
    state.session = { userId: seed.userId ?? null, eventId: seed.eventId ?? null };
    for (const lead of seed.leads ?? []) {
      state.leads.push(clone(lead));
      const user = state.users.find((u) => u.id === lead.captured_by) ?? { id: lead.captured_by, name: lead.captured_by_name, email: "", role: "rep" as const };
      recordVersion(null, lead, user);
    }
  },
  get leads(): Lead[] {
    return clone(state.leads);
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
    version: 1,
    hlc: "1776243600000:0",
    created_at: Date.UTC(2026, 3, 15, 8, 0, 0),
    updated_at: Date.UTC(2026, 3, 15, 8, 0, 0),
    ...overrides,
  };
}
