//! Kept apart from index.ts so the in-memory fake can throw the very same class
//! without importing @tauri-apps/*.
import type { FieldError, IpcError, IpcErrorKind } from "./bindings";

const KINDS: readonly IpcErrorKind[] = ["validation", "not_found", "storage", "too_new", "internal"];

/** What every failed IPC call throws in the UI: the backend's `IpcError`, as an `Error`. */
export class LeadTrackError extends Error implements IpcError {
  readonly kind: IpcErrorKind;
  readonly fields: FieldError[];

  constructor(kind: IpcErrorKind, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = "LeadTrackError";
    this.kind = kind;
    this.fields = fields;
  }

  /** Turns whatever a rejected `invoke` gave us into a LeadTrackError. */
  static from(reason: unknown): LeadTrackError {
    if (reason instanceof LeadTrackError) return reason;
    if (isIpcError(reason)) {
      return new LeadTrackError(reason.kind, reason.message, Array.isArray(reason.fields) ? reason.fields : []);
    }
    // Tauri itself rejects with a bare string (unknown command, denied by capability).
    const message = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : JSON.stringify(reason);
    return new LeadTrackError("internal", message || "Unknown error");
  }
}

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && (KINDS as readonly string[]).includes(v.kind) && typeof v.message === "string";
}

export function isLeadTrackError(value: unknown): value is LeadTrackError {
  return value instanceof LeadTrackError;
}
