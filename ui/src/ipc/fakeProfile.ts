//! Badge profiles for the in-memory fake (./fake), much simplified from the real ones
//! (crates/leadtrack-badge/src/profile.rs). Kept: the JSON, unknown keys and columns refused, a
//! name required, delimiter and fields only together, recognition by `prefix`/`contains`, the
//! columns read in order, the id's prefix and leading zeros dropped. Left out: globs, wrappers,
//! id length and character rules, and "Try it"'s extra warnings. Messages follow the backend's.
import type { ContactFields, ParsedBadge } from "./bindings";

export type FakeProfile = {
  name: string;
  prefix?: string;
  contains?: string;
  delimiter?: string;
  fields: string[];
  idPrefix?: string;
  stripZeros: boolean;
};

const KEYS = ["name", "recognise", "recognize", "match", "wrapper", "delimiter", "fields", "id", "lookup"];
const COLUMNS = ["id", "skip", "name", "first_name", "last_name", "company", "title", "email", "phone", "country", "address", "city", "state", "zip", "website"];

function lineAndColumn(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return "";
  const before = text.slice(0, Number(at[1]));
  const lines = before.split("\n");
  return ` (line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1})`;
}

/** Reads a profile; throws an `Error` whose message says what is wrong, as the backend does. */
export function readProfile(text: string): FakeProfile {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("The badge profile is empty");
  if (!trimmed.startsWith("{")) throw new Error('The badge profile must be a JSON object: { "name": …, … }');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(trimmed) as Record<string, unknown>;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`The badge profile is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}${lineAndColumn(trimmed, message)}`, { cause: e });
  }
  const unknown = Object.keys(json).find((k) => !KEYS.includes(k));
  if (unknown) throw new Error(`The badge profile has a setting it cannot use: unknown field \`${unknown}\``);
  if (typeof json.name !== "string" || !json.name.trim()) throw new Error('The badge profile needs a "name", such as the show\'s name');
  const fields = Array.isArray(json.fields) ? json.fields.map(String) : [];
  const column = fields.find((f) => !COLUMNS.includes(f));
  if (column) throw new Error(`The badge profile has a setting it cannot use: unknown variant \`${column}\``);
  const delimiter = typeof json.delimiter === "string" ? json.delimiter : undefined;
  if (delimiter !== undefined && fields.length === 0) {
    throw new Error('"delimiter" is set but "fields" is empty; list the columns in order, such as ["id", "first_name", "last_name"]');
  }
  if (delimiter === undefined && fields.length > 0) throw new Error('"fields" needs a "delimiter" to split the badge into columns');
  const recognise = (json.recognise ?? {}) as Record<string, unknown>;
  const id = (json.id ?? {}) as Record<string, unknown>;
  return {
    name: json.name,
    prefix: typeof recognise.prefix === "string" ? recognise.prefix : undefined,
    contains: typeof recognise.contains === "string" ? recognise.contains : undefined,
    delimiter,
    fields,
    idPrefix: typeof id.prefix === "string" ? id.prefix : undefined,
    stripZeros: id.strip_leading_zeros === true,
  };
}

/** Reads `payload` with `profile`, or with `autodetect` (and a warning) when it is not one of the show's. */
export function parseWithProfile(profile: FakeProfile, payload: string, autodetect: (payload: string) => ParsedBadge): ParsedBadge {
  const text = payload.trim();
  const reason =
    profile.prefix && !text.startsWith(profile.prefix)
      ? `it does not start with "${profile.prefix}"`
      : profile.contains && !text.includes(profile.contains)
        ? `it does not contain "${profile.contains}"`
        : profile.delimiter && !text.includes(profile.delimiter)
          ? `it has no "${profile.delimiter}" between columns`
          : null;
  if (reason || !profile.delimiter) {
    const parsed = autodetect(payload);
    if (reason) parsed.warnings.unshift(`the ${profile.name} profile does not recognise this badge (${reason}); it was read without the profile`);
    return parsed;
  }
  const fields: ContactFields = { name: "", first_name: "", last_name: "", company: "", title: "", email: "", phone: "", country: "", address: "", website: "" };
  let attendee_id: string | null = null;
  const warnings: string[] = [];
  const columns = text.split(profile.delimiter).map((c) => c.trim());
  profile.fields.forEach((column, i) => {
    const value = columns[i] ?? "";
    if (!value || column === "skip") return;
    if (column === "id") {
      let id = value;
      if (profile.idPrefix && id.toUpperCase().startsWith(profile.idPrefix.toUpperCase())) id = id.slice(profile.idPrefix.length);
      if (profile.stripZeros) id = id.replace(/^0+(?=.)/, "");
      attendee_id = id;
    } else if (column in fields) fields[column as keyof ContactFields] = value;
  });
  if (columns.length !== profile.fields.length) {
    warnings.push(`the badge has ${columns.length} columns but the profile lists ${profile.fields.length}; check the field order`);
  }
  if (!fields.name && (fields.first_name || fields.last_name)) fields.name = `${fields.first_name} ${fields.last_name}`.trim();
  return { format: "delimited", fields, attendee_id, raw: payload, warnings };
}
