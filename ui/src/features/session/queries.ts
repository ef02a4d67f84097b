//! TanStack Query hooks for who is at the booth, which show is active, and the lists behind
//! the pickers. Everything under the ["leads"] key is refreshed on `leads://changed`.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type LeadQuery, type PinCheck, type Session } from "../../ipc";

export const queryKeys = {
  session: ["session"] as const,
  events: ["events"] as const,
  users: ["users"] as const,
  leads: ["leads"] as const,
  leadSearch: (q: LeadQuery) => ["leads", "search", q] as const,
  lead: (id: string) => ["leads", "detail", id] as const,
  versions: (id: string) => ["leads", "versions", id] as const,
};

export function useSession() {
  return useQuery({ queryKey: queryKeys.session, queryFn: commands.sessionGet });
}

export function useEvents() {
  return useQuery({ queryKey: queryKeys.events, queryFn: commands.eventsList });
}

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: commands.usersList });
}

export function useSetActiveEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => commands.sessionSetEvent(id),
    onSuccess: (session: Session) => {
      qc.setQueryData(queryKeys.session, session);
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
    },
  });
}

/** The names on the sign-in screen (with whether each has chosen a PIN yet). */
export function useSignInUsers() {
  return useQuery({ queryKey: ["users", "sign-in"], queryFn: commands.sessionUsers });
}

/**
 * Signing in or out changes what every lead query may return (a rep sees only their own
 * leads): drop every cached answer, not just the session.
 */
function useSessionChanged() {
  const qc = useQueryClient();
  return () => {
    // Cached lists of the person before are dropped; what is on screen refetches.
    qc.removeQueries({ queryKey: queryKeys.leads, type: "inactive" });
    qc.removeQueries({ queryKey: ["audit"], type: "inactive" });
    void qc.invalidateQueries();
  };
}

export function useSignIn() {
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: ({ userId, secret, first }: { userId: string; secret: string; first: boolean }) =>
      first ? commands.sessionChooseSecret(userId, secret) : commands.sessionSignIn(userId, secret),
    onSuccess: (check: PinCheck) => {
      if (check.result === "accepted") changed();
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: () => commands.sessionSignOut(),
    onSuccess: (session: Session) => {
      qc.setQueryData(queryKeys.session, session);
      changed();
    },
  });
}

/** A search with every filter empty: fill in what you need. */
export function leadQuery(partial: Partial<LeadQuery> = {}): LeadQuery {
  return { text: "", event_id: null, grade: null, status: null, captured_by: null, limit: null, ...partial };
}

/** How many drafts the active show has (the badge in the nav). */
export function useDraftCount(eventId: string | null | undefined) {
  const query = leadQuery({ event_id: eventId ?? null, status: "draft" });
  return useQuery({
    queryKey: queryKeys.leadSearch(query),
    queryFn: () => commands.leadsSearch(query),
    enabled: !!eventId,
    select: (rows) => rows.length,
  });
}
