//! TanStack Query hooks for follow-up. Task lists live under ["leads", "followup", …] so the
//! `leads://changed` invalidation (a save may re-grade, a task done logs an interaction) reaches them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Draft, type EmailTemplate, type FollowUpRules, type TaskOutcome } from "../../ipc";

export const followupKeys = {
  all: ["leads", "followup"] as const,
  today: ["leads", "followup", "today"] as const,
  lead: (id: string) => ["leads", "followup", "lead", id] as const,
  rules: (eventId: string) => ["followup-settings", "rules", eventId] as const,
  templates: (eventId: string) => ["followup-settings", "templates", eventId] as const,
  timeZone: (eventId: string) => ["followup-settings", "tz", eventId] as const,
};

export function useToday(enabled = true) {
  // Refetched every minute so "today" and "overdue" move with the clock.
  return useQuery({ queryKey: followupKeys.today, queryFn: commands.followupToday, enabled, refetchInterval: 60_000 });
}

export function useLeadTasks(leadId: string) {
  return useQuery({ queryKey: followupKeys.lead(leadId), queryFn: () => commands.followupLeadTasks(leadId) });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ["leads"] });
}

export function useSnooze() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, until }: { id: string; until: number | "tomorrow" }) =>
      commands.followupSnooze(id, until === "tomorrow" ? await commands.followupTomorrowMorning(id) : until),
    onSuccess: refresh,
  });
}

export function useDone() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, outcome }: { id: string; outcome: TaskOutcome }) => commands.followupDone(id, outcome), onSuccess: refresh });
}

export function useMarkSent() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, draft }: { id: string; draft: Draft }) => commands.followupMarkSent(id, draft), onSuccess: refresh });
}

export function useExportIcs() {
  return useMutation({ mutationFn: () => commands.followupExportIcs() });
}

export function useRules(eventId: string) {
  return useQuery({ queryKey: followupKeys.rules(eventId), queryFn: () => commands.followupRulesGet(eventId) });
}

export function useSetRules(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rules: FollowUpRules | null) => commands.followupRulesSet(eventId, rules),
    onSuccess: (rules) => qc.setQueryData(followupKeys.rules(eventId), rules),
  });
}

export function useTemplates(eventId: string) {
  return useQuery({ queryKey: followupKeys.templates(eventId), queryFn: () => commands.followupTemplatesGet(eventId) });
}

export function useSetTemplate(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ template, reset }: { template: EmailTemplate; reset: boolean }) => commands.followupTemplateSet(eventId, template, reset),
    onSuccess: () => void qc.invalidateQueries({ queryKey: followupKeys.templates(eventId) }),
  });
}

export function useTimeZone(eventId: string) {
  return useQuery({ queryKey: followupKeys.timeZone(eventId), queryFn: () => commands.followupTimeZoneGet(eventId) });
}

export function useSetTimeZone(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tz: string | null) => commands.followupTimeZoneSet(eventId, tz),
    onSuccess: (tz) => qc.setQueryData(followupKeys.timeZone(eventId), tz),
  });
}
