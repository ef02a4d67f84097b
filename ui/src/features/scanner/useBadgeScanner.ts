//! The keyboard-wedge listener: one keydown listener on the window (capture phase, so it sees
//! every key before any field or shortcut does, whatever has the focus), fed to BurstDetector.
//!
//! Characters are never held back from a text field: until the burst is over nobody knows it
//! was a scanner, and a person's typing must arrive. When it turns out to be a scan, every field
//! it typed into gets its value from before the burst back (through the native value setter and
//! an `input` event, so React-controlled inputs notice) and the focus returns where it was.
//! Enter and Tab inside a likely scan are swallowed instead (no form submit, no focus move),
//! except an Enter in a textarea, which is only a newline there; if the burst then is not a scan
//! after all, a swallowed Enter is played again so a person's or a test driver's Enter still works.
import { useEffect, useRef } from "react";
import { BurstDetector, type KeyStroke, type Verdict } from "./detector";
import type { ScannerSettings } from "./settings";

export type ScanVerdict = Extract<Verdict, { scan: true }>;
export type IgnoredVerdict = Extract<Verdict, { scan: false }>;

export type BadgeScannerOptions = {
  enabled: boolean;
  settings: ScannerSettings;
  /** A badge was scanned: `payload` is what it typed, prefix, suffix and terminator removed. */
  onScan: (scan: ScanVerdict) => void;
  /** A burst as fast as a scanner's that was not taken as a badge (for the settings screen's test). */
  onIgnored?: (burst: IgnoredVerdict) => void;
};

/** The burst's end is noticed a little after the gap, so a key that is merely late is not cut off. */
const END_SLACK_MS = 20;

const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "tel", "url", "password", "number", ""]);

type Editable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(el.type) && !el.readOnly && !el.disabled;
  return el instanceof HTMLElement && el.isContentEditable;
}

/** A field with a value the burst may change and this hook can put back. */
function hasValue(el: Element | null): el is Editable {
  if (el instanceof HTMLSelectElement) return !el.disabled;
  return (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && isTextField(el);
}

type Saved = { value: string; start: number | null; end: number | null };

function selection(el: Editable): { start: number | null; end: number | null } {
  try {
    if (el instanceof HTMLSelectElement) return { start: null, end: null };
    return { start: el.selectionStart, end: el.selectionEnd };
  } catch {
    return { start: null, end: null }; // email and number inputs have no selection API
  }
}

/** Sets a value the way typing does, so React's onChange (and Mantine's form) see it. */
export function setNativeValue(el: Editable, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  // The prototype's setter, not the element's own: React tracks values through the latter.
  const descriptor = Object.getOwnPropertyDescriptor(proto, "value");
  if (descriptor?.set) descriptor.set.call(el, value);
  else el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  if (el instanceof HTMLSelectElement) el.dispatchEvent(new Event("change", { bubbles: true }));
}

type Burst = {
  /** What had the focus when the burst began. */
  origin: Element | null;
  /** Every field the burst reached, with its value from before. */
  fields: Map<Editable, Saved>;
  /** Where Enters were swallowed, to be played again if this was not a scan. */
  swallowedEnters: Element[];
};

const freshBurst = (): Burst => ({ origin: null, fields: new Map(), swallowedEnters: [] });

/** Keydowns this hook dispatched itself (a replayed Enter): not fed to the detector again. */
const replayed = new WeakSet<Event>();

function restore(burst: Burst): void {
  for (const [el, saved] of burst.fields) {
    if (!el.isConnected || el.value === saved.value) continue;
    setNativeValue(el, saved.value);
    if (!(el instanceof HTMLSelectElement) && saved.start !== null && saved.end !== null) {
      try {
        el.setSelectionRange(saved.start, saved.end);
      } catch {
        // no selection API on this input type
      }
    }
  }
  const origin = burst.origin;
  if (origin instanceof HTMLElement && origin !== document.body && origin.isConnected && document.activeElement !== origin) {
    origin.focus();
  }
}

function replayEnters(burst: Burst): void {
  for (const el of burst.swallowedEnters) {
    if (!el.isConnected) continue;
    const again = new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true, cancelable: true });
    replayed.add(again);
    if (!el.dispatchEvent(again)) continue; // a handler took it (adding an interest tag, saving…)
    if (el instanceof HTMLInputElement && el.form) el.form.requestSubmit();
    else if (el instanceof HTMLButtonElement) el.click();
  }
}

function stroke(e: KeyboardEvent): KeyStroke {
  // The event's own time: right even when the page was busy and keys queued up.
  const time = Number.isFinite(e.timeStamp) && e.timeStamp > 0 ? e.timeStamp : performance.now();
  return { key: e.key, time, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, repeat: e.repeat, isComposing: e.isComposing };
}

/** Listens for badge scans on the whole window while `enabled`. Mount it once per window. */
export function useBadgeScanner({ enabled, settings, onScan, onIgnored }: BadgeScannerOptions): void {
  const latest = useRef({ settings, onScan, onIgnored });
  useEffect(() => {
    latest.current = { settings, onScan, onIgnored };
  });

  useEffect(() => {
    if (!enabled) return;
    const detector = new BurstDetector(latest.current.settings);
    let burst = freshBurst();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const settle = (verdict: Verdict) => {
      const done = burst;
      burst = freshBurst();
      if (verdict.scan) {
        restore(done);
        latest.current.onScan(verdict);
      } else {
        replayEnters(done);
        if (verdict.keys >= 3 && verdict.avgGapMs < detector.maxGapMs) latest.current.onIgnored?.(verdict);
      }
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (replayed.has(e)) return;
      detector.setSettings(latest.current.settings);
      const focused = document.activeElement;
      const outcome = detector.key(stroke(e), isTextField(focused));
      if (outcome.finished) settle(outcome.finished);
      if (outcome.phase === "start") burst.origin = focused;
      if (outcome.phase !== "none" && hasValue(focused) && !burst.fields.has(focused)) {
        // Before this key's own default action: the value the field had before the burst.
        burst.fields.set(focused, { value: focused.value, ...selection(focused) });
      }

      if (outcome.swallow) {
        const newlineInTextarea = outcome.kind === "enter" && focused instanceof HTMLTextAreaElement;
        const tabBetweenFields = outcome.kind === "tab" && !outcome.finished && isTextField(focused);
        if (!newlineInTextarea && !tabBetweenFields) {
          e.preventDefault();
          e.stopImmediatePropagation();
          if (outcome.kind === "enter" && focused) burst.swallowedEnters.push(focused);
        }
      } else if (outcome.phase === "continue" && !isTextField(focused) && !(focused instanceof HTMLSelectElement)) {
        // A burst on a button or a list row: no Space "click", no row opened by a scan.
        e.preventDefault();
        e.stopImmediatePropagation();
      }

      clearTimeout(timer);
      if (detector.active) {
        timer = setTimeout(() => {
          const verdict = detector.flush();
          if (verdict) settle(verdict);
        }, detector.maxGapMs + END_SLACK_MS);
      }
    };

    window.addEventListener("keydown", onKeyDown, true);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      clearTimeout(timer);
      detector.reset();
    };
  }, [enabled]);
}
