//! How a lead is named in one line: its name, else company, email or phone.
import type { Lead } from "../../ipc";

export function leadLabel(lead: Pick<Lead, "name" | "company" | "email" | "phone">, fallback: string): string {
  return lead.name || lead.company || lead.email || lead.phone || fallback;
}
