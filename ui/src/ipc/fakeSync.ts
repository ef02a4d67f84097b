//! The fake backend's sync: settings with the backend's endpoint and secret rules (the secret is
//! kept but never returned), a backlog the tests move (`fake.sync.setStatus`), parked items, and
//! an "Upload everything" whose progress the tests can hold half-way.
import type { FieldError, MissingLead, ParkedItem, ReconcileReport, SecretStorage, SyncSettings, SyncStatus, UploadProgress } from "./bindings";
import { LeadTrackError } from "./error";

type SyncState = {
  endpoint: string | null;
  /** The id the endpoint enrolled this device under. */
  deviceId: string | null;
  /** Kept as the backend's keychain would; only `secret_set` ever leaves. */
  secret: string | null;
  keychain: boolean;
  status: SyncStatus;
  parked: ParkedItem[];
  /** What the next upload's reconcile says is still missing. */
  missing: MissingLead[];
  /** Set while a test holds the upload half-way (`holdUpload`). */
  hold: Promise<void> | null;
};

export function idleStatus(): SyncStatus {
  return {
    pending: 0,
    inflight: 0,
    parked: 0,
    oldest_waiting_at: null,
    last_success_at: null,
    last_error: null,
    last_error_at: null,
    online: false,
    key_refused: false,
    next_retry_at: null,
  };
}

function fresh(): SyncState {
  return { endpoint: null, deviceId: null, secret: null, keychain: true, status: idleStatus(), parked: [], missing: [], hold: null };
}

let sync: SyncState = fresh();
const statusListeners = new Set<(s: SyncStatus) => void>();
const progressListeners = new Set<(p: UploadProgress) => void>();

function invalid(fields: FieldError[]): LeadTrackError {
  return new LeadTrackError("validation", fields[0]?.message ?? "invalid", fields);
}

/** The backend's `parse_endpoint`: https, or http only to 127.0.0.1 / localhost. */
function checkEndpoint(text: string): string {
  const fail = (message: string) => invalid([{ field: "endpoint", code: "invalid_endpoint", message }]);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw fail("Not a URL. Example: https://leads.example.com");
  }
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol === "http:" && !local) throw fail("Use https:// — plain http:// is allowed only for 127.0.0.1 or localhost, for testing.");
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fail("The endpoint must start with https:// (or http://127.0.0.1 for testing).");
  return url.href;
}

function settings(): SyncSettings {
  const storage: SecretStorage = sync.secret === null ? "none" : sync.keychain ? "keychain" : "file";
  return { endpoint: sync.endpoint, device_id: sync.deviceId, secret_set: sync.secret !== null, secret_storage: storage };
}

function emitStatus(): void {
  for (const cb of [...statusListeners]) cb(structuredClone(sync.status));
}

function emitProgress(p: UploadProgress): void {
  for (const cb of [...progressListeners]) cb({ ...p });
}

export const syncCommands = {
  syncGetSettings: async (): Promise<SyncSettings> => settings(),
  /** The backend's rules: the admin's JSON or a bare whsec_ secret; the typed id wins, then the JSON's, then the current one. */
  syncSetSettings: async (endpoint: string, deviceId: string | null, secret: string | null): Promise<SyncSettings> => {
    const url = checkEndpoint(endpoint);
    const typedId = deviceId?.trim() || null;
    const text = secret?.trim() || null;
    if (text === null) {
      if (typedId !== null && typedId !== sync.deviceId) {
        throw invalid([{ field: "secret", code: "secret_needed", message: "A new device id needs its secret: paste both." }]);
      }
    } else {
      let jsonId: string | null = null;
      let whsec = text;
      try {
        const parsed = JSON.parse(text) as { device_id?: string; secret?: string };
        jsonId = parsed.device_id ?? null;
        whsec = parsed.secret ?? "";
      } catch {
        // a bare secret
      }
      const id = typedId ?? jsonId ?? sync.deviceId;
      if (!/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/.test(whsec)) {
        throw invalid([{ field: "secret", code: "invalid_secret", message: "Not a device secret." }]);
      }
      if (id === null) throw invalid([{ field: "secret", code: "invalid_secret", message: "Enter the device id too." }]);
      sync.deviceId = id;
      sync.secret = whsec;
    }
    sync.endpoint = url;
    emitStatus();
    return settings();
  },
  syncStatus: async (): Promise<SyncStatus> => structuredClone(sync.status),
  syncParked: async (): Promise<ParkedItem[]> => structuredClone(sync.parked),
  syncUploadAll: async (): Promise<ReconcileReport> => {
    if (sync.endpoint === null || sync.secret === null) {
      throw new LeadTrackError("validation", "Set the endpoint and the device secret first.", []);
    }
    const total = sync.status.pending;
    emitProgress({ done: 0, total });
    emitProgress({ done: Math.floor(total / 2), total });
    if (sync.hold) await sync.hold;
    emitProgress({ done: total, total });
    sync.status = { ...sync.status, pending: 0, inflight: 0, online: true, last_success_at: Date.now(), last_error: null };
    emitStatus();
    const missing = structuredClone(sync.missing);
    return { checked: 10, in_sync: 10 - missing.length, missing, newer_on_server: [], parked: [] };
  },
};

export function onSyncStatus(cb: (status: SyncStatus) => void): () => void {
  statusListeners.add(cb);
  return () => void statusListeners.delete(cb);
}

export function onSyncProgress(cb: (progress: UploadProgress) => void): () => void {
  progressListeners.add(cb);
  return () => void progressListeners.delete(cb);
}

/** Test controls, reached as `fake.sync`. */
export const syncFake = {
  reset(): void {
    sync = fresh();
    statusListeners.clear();
    progressListeners.clear();
  },
  /** The secret as the backend holds it (tests check it arrived, and that the UI never shows it). */
  get secret(): string | null {
    return sync.secret;
  },
  configure(endpoint: string, deviceId: string, secret: string): void {
    sync.endpoint = endpoint;
    sync.deviceId = deviceId;
    sync.secret = secret;
  },
  /** No system keychain: the secret goes to the 0600 file. */
  withoutKeychain(): void {
    sync.keychain = false;
  },
  /** Moves the backlog and plays `sync://status`, as the backend's task would. */
  setStatus(patch: Partial<SyncStatus>): void {
    sync.status = { ...sync.status, ...patch };
    emitStatus();
  },
  setParked(items: ParkedItem[]): void {
    sync.parked = structuredClone(items);
    sync.status = { ...sync.status, parked: items.length };
  },
  /** What the next upload's reconcile reports missing. */
  setMissing(items: MissingLead[]): void {
    sync.missing = structuredClone(items);
  },
  /** Holds the next upload half-way until the returned function is called. */
  holdUpload(): () => void {
    let release = () => {};
    sync.hold = new Promise<void>((resolve) => {
      release = () => {
        sync.hold = null;
        resolve();
      };
    });
    return release;
  },
};
