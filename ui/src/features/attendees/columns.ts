//! The column mapping of an attendee file, as the preview shows it. The backend applies the
//! same rules on import (`AttendeeColumns::attendee` in leadtrack-domain).
import type { Attendee, AttendeeColumns } from "../../ipc";

/** Mapping fields in the order the screen lists them; the id comes first because it is required. */
export const COLUMN_FIELDS = ["attendee_id", "name", "first_name", "last_name", "company", "title", "email", "phone", "country"] as const satisfies readonly (keyof AttendeeColumns)[];

const CJK = /[\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uac00-\ud7af]/;

/** One row as the attendee it would import, or null when the row has no id (it is skipped). */
export function attendeeFromRow(columns: AttendeeColumns, cells: readonly string[]): Attendee | null {
  const cell = (c: number | null) => (c === null ? "" : (cells[c] ?? "").trim());
  const attendee_id = cell(columns.attendee_id);
  if (!/[\p{L}\p{N}]/u.test(attendee_id)) return null;
  let name = cell(columns.name);
  if (!name) {
    const [first, last] = [cell(columns.first_name), cell(columns.last_name)];
    name = CJK.test(first + last) ? `${last}${first}` : `${first} ${last}`.trim();
  }
  return { attendee_id, name, company: cell(columns.company), title: cell(columns.title), phone: cell(columns.phone), email: cell(columns.email), country: cell(columns.country) };
}

/** The extension the backend uses to tell `.ods` from `.xlsx` (content decides everything else). */
export function fileExt(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}
