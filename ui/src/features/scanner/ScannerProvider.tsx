//! The handheld scanner for the whole rep window, mounted once in the layout: it listens on
//! every screen, beeps and flashes "Badge scanned", has the backend parse the badge and hands it
//! to the capture form — going to #/capture if the rep is elsewhere. Scans wait in order until the
//! capture form takes them, so a badge is never dropped. While the settings screen's "Test your
//! scanner" is open, scans are shown there instead and no lead is touched; while the badge-profile
//! editor has the focus, they go into its sample field.
import { Paper, Text } from "@mantine/core";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { commands, type ParsedBadge } from "../../ipc";
import { playScanBeep } from "./beep";
import type { RejectReason } from "./detector";
import { useScannerSettings } from "./settings";
import { type IgnoredVerdict, type ScanVerdict, useBadgeScanner } from "./useBadgeScanner";

/** False turns the detector off (the Vitest suites that type with user-event, which types as fast as a scanner). */
export const ScannerEnabled = createContext(true);

export type Scan = {
  /** 1, 2, 3… in scan order, in this window. */
  seq: number;
  parsed: ParsedBadge;
  keys: number;
  avgGapMs: number;
  /** Set when the backend could not be asked; `parsed` then holds just the raw payload. */
  parseError: unknown;
  /** `performance.now()` when the badge was read: quick scan reports read-to-saved time from it. */
  at: number;
};

export type IgnoredBurst = { seq: number; reason: RejectReason; typed: string; keys: number; avgGapMs: number };

type ScannerContextValue = {
  /** Scans waiting for the capture form, oldest first. */
  pending: readonly Scan[];
  /** The capture form took this scan (it is filled from it). */
  take: (seq: number) => void;
  /** The last scan and the last fast burst that was not a badge, while the test is open. */
  test: { scan: Scan | null; ignored: IgnoredBurst | null };
  /** Routes scans to the test area until the returned function is called. */
  startTest: () => () => void;
  /** Keeps scans waiting (no jump to Capture) until the returned function is called. */
  hold: () => () => void;
  /** Sends scans, as typed, to `onScan` and nowhere else until the returned function is called. */
  claim: (onScan: (payload: string) => void) => () => void;
  /** A badge read another way (the camera): handled exactly like a handheld scan of it. */
  submit: (payload: string) => void;
};

const noTest = { scan: null, ignored: null };

const ScannerContext = createContext<ScannerContextValue>({
  pending: [],
  take: () => undefined,
  test: noTest,
  startTest: () => () => undefined,
  hold: () => () => undefined,
  claim: () => () => undefined,
  submit: () => undefined,
});

/** How long "Badge scanned" stays on screen. */
export const FLASH_MS = 2500;

function unreadable(payload: string): ParsedBadge {
  return {
    format: "unknown",
    fields: { name: "", first_name: "", last_name: "", company: "", title: "", email: "", phone: "", country: "", address: "", website: "" },
    attendee_id: null,
    raw: payload,
    warnings: [],
  };
}

export function ScannerProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const enabled = useContext(ScannerEnabled);
  const [settings] = useScannerSettings();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const where = useRef(pathname);
  useEffect(() => {
    where.current = pathname;
  }, [pathname]);

  const seq = useRef(0);
  const testers = useRef(0);
  // Newest last: the one that gets scans (see useClaimScans).
  const claims = useRef<((payload: string) => void)[]>([]);
  // Parses run one after another, so scans reach the form in the order they were made.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const [pending, setPending] = useState<Scan[]>([]);
  const [test, setTest] = useState<ScannerContextValue["test"]>(noTest);
  const [flash, setFlash] = useState<number | null>(null);
  // Screens with unsaved typing (an edit in progress, a new show) hold scans: jumping to
  // Capture would throw that typing away. Held scans wait and open when the hold ends.
  const holds = useRef(0);
  const [held, setHeld] = useState(0);
  const waiting = useRef(0);
  useEffect(() => {
    waiting.current = pending.length;
  }, [pending]);

  useEffect(() => {
    if (flash === null) return;
    const id = setTimeout(() => setFlash((cur) => (cur === flash ? null : cur)), FLASH_MS);
    return () => clearTimeout(id);
  }, [flash]);

  const onScan = useCallback(
    (verdict: ScanVerdict) => {
      seq.current += 1;
      const n = seq.current;
      const at = performance.now();
      const testing = testers.current > 0;
      playScanBeep();
      setFlash(n);
      const claimer = claims.current.at(-1);
      if (claimer) {
        claimer(verdict.payload);
        return;
      }
      chain.current = chain.current.then(async () => {
        let parsed: ParsedBadge;
        let parseError: unknown = null;
        try {
          parsed = await commands.badgesParse(verdict.payload);
        } catch (error) {
          // Never lose a badge: keep what was typed, unparsed.
          parsed = unreadable(verdict.payload);
          parseError = error ?? new Error("badges_parse failed");
        }
        const scan: Scan = { seq: n, parsed, keys: verdict.keys, avgGapMs: verdict.avgGapMs, parseError, at };
        if (testing) {
          setTest((cur) => ({ ...cur, scan }));
          return;
        }
        setPending((queue) => [...queue, scan]);
        if (where.current !== "/capture" && holds.current === 0) await navigate("/capture");
      });
    },
    [navigate],
  );

  const onIgnored = useCallback((burst: IgnoredVerdict) => {
    if (testers.current === 0) return;
    seq.current += 1;
    const ignored: IgnoredBurst = { seq: seq.current, reason: burst.reason, typed: burst.typed, keys: burst.keys, avgGapMs: burst.avgGapMs };
    setTest((cur) => ({ ...cur, ignored }));
  }, []);

  useBadgeScanner({ enabled, settings, onScan, onIgnored });

  const take = useCallback((n: number) => setPending((queue) => queue.filter((s) => s.seq !== n)), []);
  const startTest = useCallback(() => {
    testers.current += 1;
    return () => {
      testers.current -= 1;
      setTest(noTest);
    };
  }, []);
  const hold = useCallback(() => {
    holds.current += 1;
    setHeld(holds.current);
    return () => {
      holds.current -= 1;
      setHeld(holds.current);
      if (holds.current === 0 && waiting.current > 0 && where.current !== "/capture") void navigate("/capture");
    };
  }, [navigate]);
  const claim = useCallback((handler: (payload: string) => void) => {
    claims.current = [...claims.current, handler];
    return () => {
      claims.current = claims.current.filter((h) => h !== handler);
    };
  }, []);
  const submit = useCallback(
    (payload: string) => onScan({ scan: true, payload, typed: payload, keys: 0, avgGapMs: 0, inField: false }),
    [onScan],
  );
  const value = useMemo(() => ({ pending, take, test, startTest, hold, claim, submit }), [pending, take, test, startTest, hold, claim, submit]);

  return (
    <ScannerContext.Provider value={value}>
      {children}
      {held > 0 && pending.length > 0 && (
        <Paper className="scan-held" role="status" data-testid="scan-held" bg="yellow.1" shadow="md" radius="md" px="lg" py="sm">
          <Text fw={600}>{t("scanner.held", { count: pending.length })}</Text>
        </Paper>
      )}
      {flash !== null && (
        <Paper key={flash} className="scan-flash" role="status" data-testid="scan-flash" bg="green.8" c="white" shadow="lg" radius="xl" px="xl" py="md">
          <Text fw={800} fz="xl" c="white">
            <span aria-hidden>✓ </span>
            {t("scanner.flash")}
          </Text>
        </Paper>
      )}
    </ScannerContext.Provider>
  );
}

/** The oldest scan waiting for the capture form, and how to say it was taken. */
export function useScanInbox(): { next: Scan | null; take: (seq: number) => void } {
  const { pending, take } = useContext(ScannerContext);
  return { next: pending[0] ?? null, take };
}

/** While `active`, scans wait instead of opening the capture form over the caller's typing. */
export function useHoldScans(active: boolean): void {
  const { hold } = useContext(ScannerContext);
  useEffect(() => (active ? hold() : undefined), [active, hold]);
}

/** Hands a badge read another way (the camera) to the handheld scan's path: beep, flash, parse, fill. */
export function useSubmitScan(): (payload: string) => void {
  return useContext(ScannerContext).submit;
}

/**
 * While `active`, every scan goes to `onScan` as typed, and nowhere else (not the capture form,
 * not the scanner test): the badge-profile editor's sample field while it has the focus.
 */
export function useClaimScans(active: boolean, onScan: (payload: string) => void): void {
  const { claim } = useContext(ScannerContext);
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });
  useEffect(() => (active ? claim((payload) => latest.current(payload)) : undefined), [active, claim]);
}

/** While the calling screen is shown, scans come here instead of the capture form. */
export function useScannerTest(): ScannerContextValue["test"] {
  const { test, startTest } = useContext(ScannerContext);
  useEffect(() => startTest(), [startTest]);
  return test;
}
