//! Settings → Team, assignment and the audit log: TanStack Query hooks. Team keys start with
//! "users" (the sign-in names refresh with them); assignment results refresh every lead query.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type AssignProfile, type Assignment, type AuditQuery, type Role } from "../../ipc";
import { queryKeys } from "../session/queries";

export const teamKeys = {
  team: ["users", "team"] as const,
  audit: (q: AuditQuery) => ["audit", q] as const,
  proposal: (eventId: string | null) => ["leads", "proposal", eventId] as const,
};

export function useTeam(enabled: boolean) {
  return useQuery({ queryKey: teamKeys.team, queryFn: commands.usersTeam, enabled });
}

function useTeamChange<A>(fn: (a: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["users"] });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });
}

export const useAddMember = () =>
  useTeamChange(({ name, email, role }: { name: string; email: string; role: Role }) => commands.usersAdd(name, email, role));
export const useSetRole = () => useTeamChange(({ id, role }: { id: string; role: Role }) => commands.usersSetRole(id, role));
export const useResetSecret = () => useTeamChange((id: string) => commands.usersResetSecret(id, null));
export const useSetProfile = () =>
  useTeamChange(({ id, profile }: { id: string; profile: AssignProfile }) => commands.usersSetProfile(id, profile));

export function useSetIdleLock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number) => commands.sessionSetIdleLock(minutes),
    onSuccess: (session) => qc.setQueryData(queryKeys.session, session),
  });
}

export function useAudit(q: AuditQuery, enabled: boolean) {
  return useQuery({ queryKey: teamKeys.audit(q), queryFn: () => commands.auditList(q), enabled });
}

export function useAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (assignments: Assignment[]) => commands.leadsAssign(assignments),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });
}
