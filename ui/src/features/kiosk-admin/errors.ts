//! Kiosk refusals (`weak_pin`, `pin_not_set`, `invalid_question`…) in the reader's language.
import type { TFunction } from "i18next";
import { fieldErrorText } from "../../components/errors";
import type { FieldError } from "../../ipc";

/** A refusal from a kiosk command, translated by its code (the shared error texts, then the backend's English, are the fallback). */
export function kioskErrorText(t: TFunction, e: FieldError): string {
  return t(`kioskAdmin.errors.${e.code}`, { defaultValue: fieldErrorText(t, e) });
}
