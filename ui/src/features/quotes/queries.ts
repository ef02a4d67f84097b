//! Query keys and hooks for pricebooks, estimates, quotes and promo codes. A lead's quotes sit
//! under ["leads"] so `leads://changed` refreshes them.
import { useQuery } from "@tanstack/react-query";
import { commands } from "../../ipc";

export const quoteKeys = {
  pricebooks: ["pricebooks"] as const,
  pricebook: (id: string) => ["pricebooks", id] as const,
  versions: (id: string) => ["pricebooks", id, "versions"] as const,
  promo: (eventId: string) => ["pricebooks", "promo", eventId] as const,
  forLead: (leadId: string) => ["leads", "quotes", leadId] as const,
};

export function usePricebooks() {
  return useQuery({ queryKey: quoteKeys.pricebooks, queryFn: commands.pricebooksList });
}

export function usePricebook(id: string | undefined) {
  return useQuery({ queryKey: quoteKeys.pricebook(id ?? ""), queryFn: () => commands.pricebooksGet(id ?? "", null), enabled: !!id });
}

export function usePromoCodes(eventId: string | undefined) {
  return useQuery({ queryKey: quoteKeys.promo(eventId ?? ""), queryFn: () => commands.promoCodesGet(eventId ?? ""), enabled: !!eventId });
}

export function useLeadQuotes(leadId: string) {
  return useQuery({ queryKey: quoteKeys.forLead(leadId), queryFn: () => commands.quotesForLead(leadId) });
}
