//! The one module the UI uses to talk to the Rust backend (DESIGN.md invariant 3: only
//! src/ipc/ imports @tauri-apps/*). It re-exports the generated types, wraps every generated
//! command so a rejection is thrown as a `LeadTrackError`, and subscribes to backend events.
//! Tests replace this module with `./fake` (same exports, in memory).
import { convertFileSrc } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { commands as raw, events, type AlertShown, type DownloadProgress, type LeadsAssigned, type Reminder, type SyncStatus, type UploadProgress } from "./bindings";
import { LeadTrackError } from "./error";

export type * from "./bindings";
export { LeadTrackError, isLeadTrackError } from "./error";

type RawCommands = typeof raw;

function wrap<A extends unknown[], R>(call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await call(...args);
    } catch (reason) {
      throw LeadTrackError.from(reason);
    }
  };
}

function wrapAll<T extends Record<string, (...args: never[]) => Promise<unknown>>>(cmds: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(cmds)) {
    out[name] = wrap(fn as (...args: unknown[]) => Promise<unknown>);
  }
  return out as T;
}

/**
 * Every backend command, typed as in bindings.ts; failures throw `LeadTrackError`.
 * Attachments too: `attachmentsAdd(leadId, kind, bytes)` sends the bytes as the raw IPC body
 * (a bad file rejects as a `validation` error on the field `attachment`), `attachmentsList(leadId)`
 * lists a lead's, and `attachmentsGet(attachmentId)` resolves to the file as an `ArrayBuffer`.
 * `badgesParse(payload)` reads a scanned badge into a `ParsedBadge`; it never fails for bad
 * input (the worst case is format "unknown" with the raw payload kept), only if IPC itself does.
 * `badgesScanImage(bytes)` decodes a PNG or JPEG photo (sent as the raw IPC body) into every
 * badge code in it, each with its parsed contact (an empty list when there is none); a file that
 * is not a readable photo rejects as a `validation` error on `attachment`, code `unreadable_image`.
 * `badgesScanFrame(width, height, luma)` does the same for one webcam frame: 8-bit grayscale,
 * `width * height` bytes as the raw body (size in `x-width` / `x-height`); a size mismatch
 * rejects as a `validation` error on `frame`, code `bad_frame`.
 * `leadsMerge(survivor, absorbed, choice)` merges two leads of one show (fields left out of
 * `choice` follow the default rule) and resolves to the survivor; a merge that makes no sense
 * rejects as a `validation` error on `merge` (codes `merge_self`, `other_show`, `already_merged`,
 * `survivor_merged`, `changed_since`). `leadsVersions` then lists both leads' versions, and
 * `attachmentsList` both leads' files. `leadsDuplicates(id)` lists the show's other leads with
 * the same email or phone. `leadsExport(format, query)` writes the leads the query's filters match
 * (not its text or limit) to a file the person picks in the native save dialog, which the backend
 * opens, and resolves to `{ path, count, bytes }`, or `null` when the dialog was cancelled.
 * Registration on visitors' phones: `phoneRegistrationGet()` and `phoneRegistrationSet(enabled,
 * address)` (rep window) read and change the setting — off by default; on needs one interface's
 * IP (`validation` on `address`: `address_required`, `invalid_address`) — and resolve to it with
 * the interfaces to pick from, `listening` (`ip:port`) and `error` (on, but it could not listen).
 * `kioskPhoneLink()` (kiosk window only) resolves to a fresh one-time `http://ip:port/r/<token>`
 * for the QR code (10 minutes, one registration), or `null` when phone registration is off.
 */
export const commands: RawCommands = wrapAll(raw);

export type LeadsChangedPayload = { id: string };
export type Unsubscribe = () => void;

/**
 * Calls `cb` whenever the backend says a lead changed (`leads://changed`).
 * Returns a function that stops listening; safe to call before the listener is attached.
 */
export function onLeadsChanged(cb: (payload: LeadsChangedPayload) => void): Unsubscribe {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  listen<LeadsChangedPayload>(events.leadsChanged, (e) => cb(e.payload))
    .then((fn) => {
      if (stopped) fn();
      else unlisten = fn;
    })
    .catch((reason: unknown) => {
      // Outside Tauri (plain browser) there is no event bus; the UI still works, just without live refresh.
      console.warn("leads://changed: cannot listen", reason);
    });
  return () => {
    stopped = true;
    unlisten?.();
  };
}

/**
 * Sign-in and the team: `sessionUsers()` lists the names (with `has_secret`),
 * `sessionSignIn(userId, secret)` resolves to a `PinCheck` (`accepted`, `wrong` with
 * `attempts_left`, `locked_out` with `until`, `not_set`: choose one with
 * `sessionChooseSecret(userId, secret)`, `validation` on `secret`: `invalid_pin`, `weak_pin`,
 * `short_password`, `secret_set`), `sessionSignOut()`. Every lead read rejects as `forbidden`
 * while nobody is signed in, and a rep's reads return only their captured or assigned leads.
 * Managers only (`forbidden` otherwise): `usersTeam`, `usersAdd`, `usersSetRole`,
 * `usersResetSecret`, `usersSetProfile`, `sessionSetIdleLock`, `leadsAssign(assignments)`,
 * `leadsProposeAssignments(eventId)` (saves nothing) and `auditList(query)`.
 * Calls `cb` when a manager assigned leads (`leads://assigned`: lead ids and the assignee).
 */
export function onLeadsAssigned(cb: (payload: LeadsAssigned) => void): Unsubscribe {
  return subscribe(events.leadsAssigned, cb);
}

/** Listens to backend event `name`; like `onLeadsChanged`, safe to stop before it is attached. */
function subscribe<T>(name: string, cb: (payload: T) => void): Unsubscribe {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  listen<T>(name, (e) => cb(e.payload))
    .then((fn) => {
      if (stopped) fn();
      else unlisten = fn;
    })
    .catch((reason: unknown) => console.warn(`${name}: cannot listen`, reason));
  return () => {
    stopped = true;
    unlisten?.();
  };
}

/**
 * Calls `cb` with the sync backlog (pending, parked, last success, last error…) on every change
 * (`sync://status`): after each save, each attempt and each settings change.
 * The sync commands: `syncGetSettings()` (never the secret: only `secret_set` and where it is
 * stored), `syncSetSettings(endpoint, secret | null)` (`null` keeps the secret; a non-https
 * endpoint other than 127.0.0.1/localhost rejects as `validation` on `endpoint`, a malformed
 * secret on `secret`), `syncStatus()`, `syncParked()`, `syncUploadAll()` (progress on
 * `onSyncProgress`, resolves to the reconcile report: `missing` empty = "0 missing").
 */
export function onSyncStatus(cb: (status: SyncStatus) => void): Unsubscribe {
  return subscribe(events.syncStatus, cb);
}

/** Calls `cb` with `{ done, total }` while "Upload everything" runs (`sync://progress`). */
export function onSyncProgress(cb: (progress: UploadProgress) => void): Unsubscribe {
  return subscribe(events.syncProgress, cb);
}

/**
 * Follow-up: `followupToday()` lists the signed-in person's open tasks (with `urgency` and the
 * overdue count), `followupSnooze(id, until)`, `followupDone(id, "done" | "called")` and
 * `followupMarkSent(id, draft)` (the email interaction) change one; `followupDraft(leadId,
 * templateId, locale)` fills a template, `followupOpenMail(draft)` opens it in the mail app
 * (`mailto:`), `followupSaveEml(draft)` saves it through the native dialog (`null`: cancelled).
 * Calls `cb` when a task becomes due or overdue (`followup://reminder`, once per state).
 */
export function onFollowupReminder(cb: (reminder: Reminder) => void): Unsubscribe {
  return subscribe(events.followupReminder, cb);
}

/** Calls `cb` when a manager should hear of something now: an A lead captured (`followup://alert`). */
export function onFollowupAlert(cb: (alert: AlertShown) => void): Unsubscribe {
  return subscribe(events.followupAlert, cb);
}

/**
 * The content pack: `materialsList(query)` (title, tags and Markdown text; language and kind
 * filters), `materialsPack()` (the pack in use or `null`), `materialsPage(id)` (a Markdown page
 * as sanitised HTML), `materialsFile(id)` (a PDF's bytes for pdf.js; `materialsFileRange(id, offset, length)` up to
 * 4 MiB of them, for a large one), `materialsImportFolder()` /
 * `materialsImportZip()` (the native dialog opens in Rust; `null` when cancelled),
 * `materialsDownload()` (from the sync endpoint; progress on `onMaterialsProgress`) and
 * `materialsRecord(leadId, materialId, shared)`. A pack that cannot be used rejects as
 * `validation` on `pack` with a message for the rep; the previous pack stays in use.
 * The kiosk's attract playlist: `materialsPlaylistGet(eventId)` / `materialsPlaylistSet(eventId,
 * playlist)` (managers and marketing; `validation` on `idle_seconds`, `items.<i>.seconds`,
 * `items.<i>` with codes `attract_idle`, `slide_seconds`, `already_in_playlist`, `not_in_pack`); the kiosk window reads its
 * show's loop with `kioskAttract()` and a PDF or video of the loop with `kioskAttractFile(materialId)`.
 * Calls `cb` with files and bytes done while "Download everything" runs (`materials://progress`).
 */
export function onMaterialsProgress(cb: (progress: DownloadProgress) => void): Unsubscribe {
  return subscribe(events.materialsProgress, cb);
}

/** Where the webview loads a cached material by hash (only files of the pack in use are served). */
export function materialUrl(sha256: string): string {
  return convertFileSrc(sha256, "leadtrack-content");
}
