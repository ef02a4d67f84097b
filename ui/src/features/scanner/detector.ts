//! Tells a keyboard-wedge badge scanner from a person by the keys alone (no DOM here; the
//! hook in useBadgeScanner.ts feeds it and acts on what it decides).
//!
//! A scanner "types" a whole payload in one burst, a few milliseconds per key; people need
//! 100 ms or more. The rules:
//! - a **burst** starts with a printable key and goes on while each key follows the one before
//!   within `max_gap_ms` (40 ms by default; WebDriver's send_keys and real scanners are 1–20 ms);
//! - inside a burst, Enter is a newline (vCards span lines) and Tab a tab character;
//! - the burst **ends** at the first longer gap (so a trailing Enter, the usual terminator, is
//!   only known to be the last key once the gap has passed), on Tab when Tab is the terminator,
//!   or on a key no scanner sends (arrows, Backspace, Ctrl/⌘ shortcuts, auto-repeat, IME);
//! - it **counts as a scan** when its keys average under `max_gap_ms` apart, it starts with the
//!   prefix and ends with the suffix (when set; both are removed, as is the terminator), what is
//!   left is at least `min_length` characters, and — when it began in a text field — it ended
//!   with the terminator (unless the terminator is "none"). That last rule keeps fast
//!   automated typing into a field (WebDriver, text expanders) from being taken for a badge:
//!   every scanner set up with a terminator sends it.
import type { ScannerSettings } from "./settings";

export type KeyStroke = {
  key: string;
  /** Milliseconds, any consistent clock (the event's timeStamp). */
  time: number;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  isComposing: boolean;
};

/** What kind of key this is, for the detector. */
export type KeyKind = "char" | "enter" | "tab" | "ignore" | "other";

/** Keys that say nothing about who is typing (Shift comes with every capital letter). */
const IGNORED = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock", "NumLock", "ScrollLock", "Fn", "Dead", "Unidentified"]);

export function keyKind(key: string): KeyKind {
  if (key === "Enter") return "enter";
  if (key === "Tab") return "tab";
  if (IGNORED.has(key)) return "ignore";
  // One character (a code point, so 𝒳 and 汉 count): something typed.
  return [...key].length === 1 ? "char" : "other";
}

export type RejectReason = "too_slow" | "no_prefix" | "no_suffix" | "no_terminator" | "too_short" | "interrupted";

type BurstFacts = {
  /** Everything the burst typed, Enter as "\n" and Tab as "\t". */
  typed: string;
  keys: number;
  /** Average time between its keys, in ms (Infinity for a single key). */
  avgGapMs: number;
  /** It began while a text field had the focus. */
  inField: boolean;
};

export type Verdict = (BurstFacts & { scan: true; payload: string }) | (BurstFacts & { scan: false; reason: RejectReason });

export type KeyOutcome = {
  kind: KeyKind;
  /** "start": this key began a burst; "continue": it belongs to the running one. */
  phase: "start" | "continue" | "none";
  /** An Enter or Tab inside a likely scan: its default action (submit, focus move) should not happen. */
  swallow: boolean;
  /** A burst that ended at this key (before it, or with it): judge it. */
  finished: Verdict | null;
};

type DetectorSettings = Pick<ScannerSettings, "prefix" | "suffix" | "terminator" | "max_gap_ms" | "min_length">;

export class BurstDetector {
  private typed = "";
  private times: number[] = [];
  private inField = false;
  private tabTerminated = false;
  /** The settings of the running burst: fixed when it starts (a scan typed into the prefix field changes the prefix). */
  private settings: DetectorSettings;
  private next: DetectorSettings;

  constructor(settings: DetectorSettings) {
    this.settings = settings;
    this.next = settings;
  }

  /** New settings, used from the next burst on. */
  setSettings(settings: DetectorSettings): void {
    this.next = settings;
    if (!this.active) this.settings = settings;
  }

  /** The gap that ends the running burst (ms). */
  get maxGapMs(): number {
    return this.settings.max_gap_ms;
  }

  get active(): boolean {
    return this.times.length > 0;
  }

  /** Feeds one keydown. `inField`: a text field has the focus (only read when a burst starts). */
  key(k: KeyStroke, inField: boolean): KeyOutcome {
    const kind = keyKind(k.key);
    const out: KeyOutcome = { kind, phase: "none", swallow: false, finished: null };
    const last = this.times[this.times.length - 1];
    const gap = last === undefined ? Infinity : k.time - last;
    // A longer pause (or a clock that went backwards) ended the running burst before this key.
    if (this.active && !(gap >= 0 && gap <= this.settings.max_gap_ms)) out.finished = this.finish();

    if (k.isComposing || k.key === "Process" || k.repeat || (k.ctrlKey && !k.altKey) || k.metaKey || kind === "other") {
      // No scanner sends these (Ctrl+Alt is AltGr, which some layouts need for @).
      if (this.active) out.finished = this.finish("interrupted");
      return out;
    }
    if (kind === "ignore") return out;

    if (!this.active) {
      this.settings = this.next;
      if (kind !== "char") return out; // Enter or Tab on its own: a person
      this.typed = k.key;
      this.times = [k.time];
      this.inField = inField;
      this.tabTerminated = false;
      out.phase = "start";
      return out;
    }

    out.phase = "continue";
    if (kind === "char") {
      this.typed += k.key;
      this.times.push(k.time);
      return out;
    }
    // Enter or Tab right after a few fast keys. Before three of them (or against the prefix)
    // it is a person's Enter: let it through and close the burst.
    if (!this.likelyScan()) {
      out.phase = "none";
      out.finished = this.finish();
      return out;
    }
    out.swallow = true;
    this.times.push(k.time);
    if (kind === "tab" && this.settings.terminator === "Tab") {
      this.tabTerminated = true;
      out.finished = this.finish();
      return out;
    }
    this.typed += kind === "enter" ? "\n" : "\t";
    return out;
  }

  /** The gap after the last key has passed: judge the burst (null if none is running). */
  flush(): Verdict | null {
    return this.active ? this.finish() : null;
  }

  /** Drops the running burst without judging it. */
  reset(): void {
    this.typed = "";
    this.times = [];
    this.inField = false;
    this.tabTerminated = false;
  }

  private likelyScan(): boolean {
    const { prefix, min_length } = this.settings;
    const consistent = !prefix || prefix.startsWith(this.typed) || this.typed.startsWith(prefix);
    return consistent && [...this.typed].length >= Math.min(3, min_length);
  }

  private finish(forced?: RejectReason): Verdict {
    const s = this.settings;
    const first = this.times[0] ?? 0;
    const last = this.times[this.times.length - 1] ?? 0;
    const keys = this.times.length;
    const facts: BurstFacts = {
      typed: this.typed,
      keys,
      avgGapMs: keys > 1 ? (last - first) / (keys - 1) : Infinity,
      inField: this.inField,
    };
    let terminated = this.tabTerminated;
    this.reset();
    const reject = (reason: RejectReason): Verdict => ({ ...facts, scan: false, reason });
    if (forced) return reject(forced);

    let payload = facts.typed;
    if (s.terminator === "Enter" && payload.endsWith("\n")) {
      payload = payload.slice(0, -1);
      terminated = true;
    }
    if (!(facts.avgGapMs < s.max_gap_ms)) return reject("too_slow");
    if (s.prefix) {
      if (!payload.startsWith(s.prefix)) return reject("no_prefix");
      payload = payload.slice(s.prefix.length);
    }
    if (s.suffix) {
      if (!payload.endsWith(s.suffix)) return reject("no_suffix");
      payload = payload.slice(0, payload.length - s.suffix.length);
    }
    if (facts.inField && s.terminator !== "none" && !terminated) return reject("no_terminator");
    if ([...payload].length < s.min_length) return reject("too_short");
    return { ...facts, scan: true, payload };
  }
}
