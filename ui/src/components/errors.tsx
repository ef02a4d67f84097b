//! How IPC failures are shown: validation errors go under their fields, translated by
//! `code` (the backend's English `message` is the fallback); anything else is one red alert.
import { Alert } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { type FieldError, isLeadTrackError } from "../ipc";

export function fieldErrorText(t: TFunction, e: FieldError): string {
  return t(`errors.${e.code}`, {
    defaultValue: e.message,
    field: t(`fields.${e.field}`, { defaultValue: e.field }),
  });
}

/** field → translated message; the first error per field wins. */
export function errorMap(t: TFunction, fields: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.field] ??= fieldErrorText(t, f);
  return out;
}

/** The field errors from a failed call, or none if it failed for another reason. */
export function validationFields(err: unknown): FieldError[] {
  return isLeadTrackError(err) && err.kind === "validation" ? err.fields : [];
}

/** A red alert for failures that belong to no field (storage, not found, unknown fields). */
export function ErrorAlert({ error, fields = [] }: { error: unknown; fields?: readonly FieldError[] }) {
  const { t } = useTranslation();
  if (!error && fields.length === 0) return null;
  const lines = fields.length > 0 ? fields.map((f) => fieldErrorText(t, f)) : [describe(t, error)];
  return (
    <Alert color="red" variant="filled" title={t("errors.title")} role="alert" data-testid="error-alert">
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </Alert>
  );
}

export function describe(t: TFunction, error: unknown): string {
  if (isLeadTrackError(error)) {
    const kind = t(`errorKinds.${error.kind}`);
    return error.message ? `${kind} ${error.message}` : kind;
  }
  return error instanceof Error ? error.message : String(error);
}
