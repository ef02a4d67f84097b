//! TanStack Query hooks for the dashboard. Figures live under ["leads", "dashboard", …] so the
//! `leads://changed` invalidation refreshes them after any save.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type EventCost, type ShowEvaluation } from "../../ipc";

export const dashboardKeys = {
  all: ["leads", "dashboard"] as const,
  figures: (eventId: string | null) => ["leads", "dashboard", "figures", eventId] as const,
  roi: (eventId: string) => ["leads", "dashboard", "roi", eventId] as const,
  evaluation: (eventId: string) => ["dashboard-evaluation", eventId] as const,
};

export function useDashboard(eventId: string | null) {
  return useQuery({ queryKey: dashboardKeys.figures(eventId), queryFn: () => commands.dashboardGet(eventId) });
}

export function useRoi(eventId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: dashboardKeys.roi(eventId ?? ""),
    queryFn: () => commands.dashboardRoi(eventId ?? ""),
    enabled: enabled && eventId !== null,
  });
}

export function useSetCosts(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (costs: EventCost[]) => commands.dashboardCostsSet(eventId, costs),
    onSuccess: (roi) => qc.setQueryData(dashboardKeys.roi(eventId), roi),
  });
}

export function useImportOrders(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, currency }: { file: File; currency: string }) => {
      const data = new Uint8Array(await file.arrayBuffer());
      const ext = file.name.split(".").pop() ?? "";
      return commands.dashboardOrdersImport(eventId, currency, data, ext);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: dashboardKeys.roi(eventId) }),
  });
}

export function useEvaluation(eventId: string, enabled: boolean) {
  return useQuery({ queryKey: dashboardKeys.evaluation(eventId), queryFn: () => commands.dashboardEvaluationGet(eventId), enabled });
}

export function useSaveEvaluation(eventId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: ShowEvaluation) => commands.dashboardEvaluationSet(eventId, e),
    onSuccess: (e) => qc.setQueryData(dashboardKeys.evaluation(eventId), e),
  });
}
