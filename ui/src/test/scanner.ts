// A handheld badge scanner (or a person) for jsdom: keydown events with controlled timestamps,
// plus what the browser would do with each key nobody prevented — a character goes into the
// focused text field, Enter submits the focused input's form or adds a line to a textarea.
import { act } from "@testing-library/react";
import { DEFAULT_SCANNER_SETTINGS } from "../features/scanner/settings";

// Far from jsdom's own event times (Date.now()), and 10 s between calls: each call is its own burst.
let clock = 5_000_000_000_000;

function insert(el: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  const value = el.value;
  let start = value.length;
  let end = value.length;
  try {
    start = el.selectionStart ?? start;
    end = el.selectionEnd ?? end;
  } catch {
    // email inputs have no selection: type at the end
  }
  const next = value.slice(0, start) + text + value.slice(end);
  if (el.maxLength > 0 && next.length > el.maxLength) return;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, next);
  try {
    el.setSelectionRange(start + text.length, start + text.length);
  } catch {
    // no selection API
  }
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * Presses the keys of `text` (`\n` is Enter, `\t` Tab) `gapMs` apart by the events' clocks,
 * all at once in real time. Returns the keydown events.
 */
export function pressKeys(text: string, gapMs: number): KeyboardEvent[] {
  clock += 10_000;
  const events: KeyboardEvent[] = [];
  act(() => {
    for (const ch of text) {
      clock += gapMs;
      const key = ch === "\n" ? "Enter" : ch === "\t" ? "Tab" : ch;
      const target = document.activeElement ?? document.body;
      const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
      Object.defineProperty(event, "timeStamp", { value: clock });
      events.push(event);
      if (!target.dispatchEvent(event)) continue;
      const field = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
      if (key === "Enter") {
        if (field instanceof HTMLTextAreaElement) insert(field, "\n");
        else if (field?.form) field.form.requestSubmit();
      } else if (key !== "Tab" && field) {
        insert(field, key);
      }
    }
  });
  return events;
}

/** How long after its last key a burst is over (the default gap plus the detector's slack, and some). */
const SETTLE_MS = DEFAULT_SCANNER_SETTINGS.max_gap_ms + 60;

/** A scanner: `text` 8 ms a key (or `gapMs`), then waits until the burst is over. */
export async function scanBadge(text: string, gapMs = 8): Promise<KeyboardEvent[]> {
  const events = pressKeys(text, gapMs);
  await act(() => new Promise((resolve) => setTimeout(resolve, SETTLE_MS)));
  return events;
}

/** A person: 150 ms a key. */
export async function typeSlowly(text: string): Promise<KeyboardEvent[]> {
  return scanBadge(text, 150);
}

/** Nothing has the focus (the rep clicked on the page's background). */
export function blurAll(): void {
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}
