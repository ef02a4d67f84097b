//! The fake backend's sign-in, team, assignment and audit log: PINs kept in clear (the
//! backend keeps argon2 hashes), the kiosk's lockout rule per person, assignments that bump
//! the lead's version, and an audit row for each thing the store audits.
import type {
  AssignProfile,
  AssignProposal,
  Assignment,
  AuditAction,
  AuditEntry,
  AuditQuery,
  Lead,
  PinCheck,
  Role,
  Session,
  SignInUser,
  TeamMember,
  User,
} from "./bindings";
import { LeadTrackError } from "./error";
import { lockoutMs, PIN_ATTEMPTS } from "./fakeKiosk";

export type TeamContext = {
  users: () => User[];
  addUser: (u: User) => void;
  signedIn: () => string | null;
  setSignedIn: (id: string | null) => void;
  session: () => Session;
  leads: () => Lead[];
  /** Saves `userId` as the lead's assignee as a new version; returns the lead. */
  assign: (leadId: string, userId: string) => Lead;
  now: () => number;
};

type TeamState = {
  secrets: Map<string, string>;
  failures: Map<string, number>;
  lockedUntil: Map<string, number>;
  profiles: Map<string, AssignProfile>;
  audit: AuditEntry[];
  idleMinutes: number;
  assigned: { lead_ids: string[]; assignee: string }[];
};

let team: TeamState = empty();

function empty(): TeamState {
  return { secrets: new Map(), failures: new Map(), lockedUntil: new Map(), profiles: new Map(), audit: [], idleMinutes: 10, assigned: [] };
}

function invalid(field: string, code: string, message: string): LeadTrackError {
  return new LeadTrackError("validation", message, [{ field, code, message }]);
}

/** The backend's rule (leadtrack-domain `check_secret`), minus the weak-PIN check's details. */
function checkSecret(secret: string): void {
  if (/^\d+$/.test(secret)) {
    if (secret.length < 4 || secret.length > 8) throw invalid("secret", "invalid_pin", "A PIN is 4 to 8 digits.");
    if (/^(\d)\1+$/.test(secret) || "0123456789".includes(secret) || "9876543210".includes(secret)) {
      throw invalid("secret", "weak_pin", "Choose a PIN that is not one digit repeated or a run like 1234.");
    }
  } else if ([...secret].length < 8) {
    throw invalid("secret", "short_password", "A password is at least 8 characters (or use a PIN of 4 to 8 digits).");
  }
}

const normalize = (s: string) =>
  s.trim().replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

export function teamCommands(ctx: TeamContext) {
  const audit = (user: string | null, action: AuditAction, lead: string | null, detail: Record<string, unknown> = {}) => {
    team.audit.push({
      seq: team.audit.length + 1,
      at: ctx.now(),
      user_id: user,
      user_name: ctx.users().find((u) => u.id === user)?.name ?? "",
      action,
      lead_id: lead,
      detail,
    });
  };
  const viewer = (): User => {
    const user = ctx.users().find((u) => u.id === ctx.signedIn());
    if (!user) throw new LeadTrackError("forbidden", "Sign in to see leads.");
    return user;
  };
  const manager = (): User => {
    const user = viewer();
    if (user.role !== "manager") throw new LeadTrackError("forbidden", "Only a manager can do this.");
    return user;
  };
  const person = (id: string): User => {
    const user = ctx.users().find((u) => u.id === id);
    if (!user) throw new LeadTrackError("not_found", "user not found");
    return user;
  };

  return {
    sessionUsers: async (): Promise<SignInUser[]> =>
      ctx
        .users()
        .filter((u) => u.role !== "kiosk")
        .map((u) => ({ id: u.id, name: u.name, role: u.role, has_secret: team.secrets.has(u.id) })),
    sessionSignIn: async (userId: string, secret: string): Promise<PinCheck> => {
      person(userId);
      const stored = team.secrets.get(userId);
      if (stored === undefined) return { result: "not_set" };
      const now = ctx.now();
      const until = team.lockedUntil.get(userId) ?? 0;
      if (now < until) return { result: "locked_out", until };
      if (normalize(secret) === stored) {
        team.failures.set(userId, 0);
        team.lockedUntil.set(userId, 0);
        ctx.setSignedIn(userId);
        audit(userId, "signed_in", null);
        return { result: "accepted" };
      }
      const failures = (team.failures.get(userId) ?? 0) + 1;
      team.failures.set(userId, failures);
      audit(userId, "sign_in_failed", null, { failures });
      const lock = lockoutMs(failures);
      if (lock !== null) {
        team.lockedUntil.set(userId, now + lock);
        return { result: "locked_out", until: now + lock };
      }
      return { result: "wrong", attempts_left: PIN_ATTEMPTS - (failures % PIN_ATTEMPTS) };
    },
    sessionChooseSecret: async (userId: string, secret: string): Promise<PinCheck> => {
      person(userId);
      const s = normalize(secret);
      checkSecret(s);
      if (team.secrets.has(userId)) throw invalid("secret", "secret_set", "This person already has a PIN; ask a manager to reset it.");
      team.secrets.set(userId, s);
      ctx.setSignedIn(userId);
      audit(userId, "signed_in", null, { first: true });
      return { result: "accepted" };
    },
    sessionSignOut: async (): Promise<Session> => {
      const id = ctx.signedIn();
      if (id) audit(id, "signed_out", null);
      ctx.setSignedIn(null);
      return structuredClone(ctx.session());
    },
    sessionSetIdleLock: async (minutes: number): Promise<Session> => {
      manager();
      team.idleMinutes = minutes;
      return structuredClone(ctx.session());
    },
    usersTeam: async (): Promise<TeamMember[]> => {
      manager();
      return ctx
        .users()
        .filter((u) => u.role !== "kiosk")
        .map((u) => ({
          ...u,
          has_secret: team.secrets.has(u.id),
          locked_until: team.lockedUntil.get(u.id) ?? 0,
          profile: structuredClone(team.profiles.get(u.id) ?? { regions: [], interests: [], languages: [] }),
        }));
    },
    usersAdd: async (name: string, email: string, role: Role): Promise<User> => {
      const by = manager();
      if (!name.trim()) throw invalid("name", "required", "A name is needed.");
      const user: User = { id: `u-${ctx.users().length + 1}-${name.trim().toLowerCase()}`, name: name.trim(), email: email.trim(), role };
      ctx.addUser(user);
      audit(by.id, "team_changed", null, { added: user.id, role });
      return structuredClone(user);
    },
    usersSetRole: async (id: string, role: Role): Promise<null> => {
      const by = manager();
      const user = person(id);
      if (user.role === "manager" && role !== "manager" && ctx.users().filter((u) => u.role === "manager").length <= 1) {
        throw invalid("role", "last_manager", "The team needs at least one manager.");
      }
      user.role = role;
      audit(by.id, "team_changed", null, { user: id, role });
      return null;
    },
    usersResetSecret: async (id: string, secret: string | null): Promise<null> => {
      const by = manager();
      person(id);
      if (secret === null) team.secrets.delete(id);
      else {
        checkSecret(normalize(secret));
        team.secrets.set(id, normalize(secret));
      }
      team.failures.set(id, 0);
      team.lockedUntil.set(id, 0);
      audit(by.id, "team_changed", null, { user: id, reset_secret: true });
      return null;
    },
    usersSetProfile: async (id: string, profile: AssignProfile): Promise<null> => {
      manager();
      person(id);
      team.profiles.set(id, structuredClone(profile));
      return null;
    },
    leadsAssign: async (assignments: Assignment[]): Promise<Lead[]> => {
      const by = manager();
      const changed: Lead[] = [];
      for (const a of assignments) {
        const to = person(a.user_id);
        const lead = ctx.leads().find((l) => l.id === a.lead_id);
        if (!lead) throw new LeadTrackError("not_found", "lead not found");
        if (lead.assigned_to === to.id) continue;
        changed.push(ctx.assign(lead.id, to.id));
        audit(by.id, "assigned", lead.id, { to: to.id, to_name: to.name });
      }
      const byAssignee = new Map<string, string[]>();
      for (const l of changed) byAssignee.set(l.assigned_to ?? "", [...(byAssignee.get(l.assigned_to ?? "") ?? []), l.id]);
      for (const [assignee, lead_ids] of byAssignee) team.assigned.push({ assignee, lead_ids });
      return structuredClone(changed);
    },
    /** Round-robin over the reps: the real rule (region, language, interests, workload, conversion) is tested in Rust. */
    leadsProposeAssignments: async (eventId: string | null): Promise<AssignProposal[]> => {
      manager();
      const reps = ctx.users().filter((u) => u.role === "rep");
      if (reps.length === 0) return [];
      const waiting = ctx.leads().filter((l) => !l.assigned_to && !l.merged_into && (eventId === null || l.event_id === eventId));
      return waiting.map((l, i) => {
        const rep = reps[i % reps.length] as User;
        return { lead_id: l.id, lead_name: l.name, company: l.company, user_id: rep.id, user_name: rep.name, reasons: ["workload"] };
      });
    },
    auditList: async (query: AuditQuery): Promise<AuditEntry[]> => {
      manager();
      return structuredClone(
        team.audit
          .filter((e) => (query.user_id === null || e.user_id === query.user_id) && (query.action === null || e.action === query.action))
          .reverse()
          .slice(0, query.limit ?? 200),
      );
    },
  };
}

/** Test controls for the team: PINs, the audit log, `leads://assigned` events sent. */
export const teamFake = {
  reset(): void {
    team = empty();
  },
  setSecret(userId: string, secret: string): void {
    team.secrets.set(userId, secret);
  },
  get idleMinutes(): number {
    return team.idleMinutes;
  },
  set idleMinutes(m: number) {
    team.idleMinutes = m;
  },
  get audit(): AuditEntry[] {
    return structuredClone(team.audit);
  },
  /** Every `leads://assigned` the backend would have emitted. */
  get assigned(): { lead_ids: string[]; assignee: string }[] {
    return structuredClone(team.assigned);
  },
};
