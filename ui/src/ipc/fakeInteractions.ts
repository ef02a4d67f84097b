//! The fake's interactions: what other fakes record on a lead (a quote saved, a brochure shown,
//! a follow-up done), listed by `leadsInteractions` newest first, as the store does.
import type { Interaction, InteractionKind } from "./bindings";

let list: Interaction[] = [];
let seq = 0;

/** Records an interaction the way `Store::record_interaction` does; returns it. */
export function recordInteraction(
  leadId: string,
  kind: InteractionKind,
  summary: string,
  detail: Record<string, unknown> = {},
  by: { id: string; name: string } | null = null,
  at: number = Date.now(),
): Interaction {
  seq += 1;
  const it: Interaction = {
    id: `interaction-${seq}`,
    lead_id: leadId,
    kind,
    at,
    hlc: `${String(at).padStart(16, "0")}-${seq.toString(16).padStart(8, "0")}-fake`,
    by_user: by?.id ?? null,
    by_name: by?.name ?? "",
    summary: summary.trim(),
    detail,
  };
  list.push(it);
  return structuredClone(it);
}

export const interactionCommands = {
  leadsInteractions: async (id: string): Promise<Interaction[]> =>
    structuredClone(list.filter((i) => i.lead_id === id).sort((a, b) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0))),
};

export const interactionsFake = {
  reset(): void {
    list = [];
    seq = 0;
  },
  get all(): Interaction[] {
    return structuredClone(list);
  },
};
