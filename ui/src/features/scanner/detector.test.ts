import { describe, expect, it } from "vitest";
import { BurstDetector, type KeyStroke, type Verdict } from "./detector";
import { DEFAULT_SCANNER_SETTINGS, parseScannerSettings, type ScannerSettings } from "./settings";

/** Feeds `text` (\n Enter, \t Tab) `gap` ms apart; returns every verdict, the last one after the closing pause. */
function feed(text: string, gap: number, settings: Partial<ScannerSettings> = {}, inField = false, extra: Partial<KeyStroke> = {}) {
  const d = new BurstDetector({ ...DEFAULT_SCANNER_SETTINGS, ...settings });
  const verdicts: Verdict[] = [];
  const swallowed: string[] = [];
  let time = 1000;
  for (const ch of text) {
    time += gap;
    const key = ch === "\n" ? "Enter" : ch === "\t" ? "Tab" : ch;
    const out = d.key({ key, time, ctrlKey: false, altKey: false, metaKey: false, repeat: false, isComposing: false, ...extra }, inField);
    if (out.swallow) swallowed.push(key);
    if (out.finished) verdicts.push(out.finished);
  }
  const last = d.flush();
  if (last) verdicts.push(last);
  return { verdicts, swallowed, scans: verdicts.filter((v) => v.scan) };
}

describe("burst detector", () => {
  it("a scanner's burst is one scan; the Enter terminator is removed", () => {
    const { scans, swallowed } = feed("MECARD:N:Moore,Barbara;;\n", 8);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ scan: true, payload: "MECARD:N:Moore,Barbara;;", keys: 25 });
    expect(swallowed).toEqual(["Enter"]);
  });

  it("keys up to 15 ms apart (WebDriver's send_keys) count as a scan with the defaults", () => {
    expect(feed("REG-000123\n", 15).scans).toHaveLength(1);
    expect(feed("REG-000123\n", 39).scans).toHaveLength(1);
  });

  it("a person typing, even quickly, is never a scan", () => {
    for (const gap of [41, 60, 120, 250]) {
      const { scans, swallowed } = feed("MECARD:N:Moore,Barbara;;\n", gap);
      expect(scans, `${gap} ms`).toEqual([]);
      expect(swallowed).toEqual([]);
    }
  });

  it("Enter inside a burst is a newline: a vCard is one payload", () => {
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Mary Smith\nEND:VCARD";
    const { scans } = feed(`${vcard}\n`, 5);
    expect(scans.map((s) => s.scan && s.payload)).toEqual([vcard]);
  });

  it("requires the prefix and suffix when set, and removes them", () => {
    const settings = { prefix: "]Q", suffix: "#" };
    expect(feed("]Q12345#\n", 5, settings).scans.map((s) => s.scan && s.payload)).toEqual(["12345"]);
    expect(feed("12345#\n", 5, settings).verdicts[0]).toMatchObject({ scan: false, reason: "no_prefix" });
    expect(feed("]Q12345\n", 5, settings).verdicts[0]).toMatchObject({ scan: false, reason: "no_suffix" });
  });

  it("Tab as terminator ends the burst at once; otherwise Tab is part of the payload", () => {
    const tab = feed("A1^Li^Na\tXYZ", 5, { terminator: "Tab" });
    expect(tab.scans.map((s) => s.scan && s.payload)).toEqual(["A1^Li^Na"]);
    expect(tab.swallowed).toEqual(["Tab"]);
    expect(feed("A12\t345\t678\n", 5).scans.map((s) => s.scan && s.payload)).toEqual(["A12\t345\t678"]);
  });

  it("shorter than the minimum length is not a scan", () => {
    expect(feed("123\n", 5).verdicts[0]).toMatchObject({ scan: false, reason: "too_short" });
    expect(feed("123\n", 5, { min_length: 3 }).scans).toHaveLength(1);
  });

  it("in a text field a burst needs the terminator (fast automated typing stays typing)", () => {
    expect(feed("li.na@mingliang.example.cn", 5, {}, true).verdicts[0]).toMatchObject({ scan: false, reason: "no_terminator" });
    expect(feed("li.na@mingliang.example.cn\n", 5, {}, true).scans).toHaveLength(1);
    expect(feed("li.na@mingliang.example.cn", 5, { terminator: "none" }, true).scans).toHaveLength(1);
    // with nothing focused, the pause is enough
    expect(feed("li.na@mingliang.example.cn", 5).scans).toHaveLength(1);
  });

  it("keys no scanner sends interrupt a burst: shortcuts, arrows, auto-repeat", () => {
    const d = new BurstDetector(DEFAULT_SCANNER_SETTINGS);
    const k = (key: string, time: number, more: Partial<KeyStroke> = {}) =>
      d.key({ key, time, ctrlKey: false, altKey: false, metaKey: false, repeat: false, isComposing: false, ...more }, false);
    k("a", 0);
    k("b", 5);
    expect(k("s", 10, { ctrlKey: true }).finished).toMatchObject({ scan: false, reason: "interrupted" });
    k("a", 100);
    k("b", 105);
    expect(k("ArrowLeft", 110).finished).toMatchObject({ scan: false, reason: "interrupted" });
    expect(feed("aaaaaaaa", 30, {}, false, { repeat: true }).scans).toEqual([]);
    // Shift (every capital) and AltGr (@ on some layouts) are not interruptions
    k("A", 200);
    k("Shift", 202);
    k("@", 205, { ctrlKey: true, altKey: true });
    k("x", 210);
    k("9", 215);
    expect(d.flush()).toMatchObject({ scan: true, payload: "A@x9" });
  });

  it("settings changed during a burst apply from the next one", () => {
    const d = new BurstDetector(DEFAULT_SCANNER_SETTINGS);
    const k = (key: string, time: number) => d.key({ key, time, ctrlKey: false, altKey: false, metaKey: false, repeat: false, isComposing: false }, false);
    k("1", 0);
    d.setSettings({ ...DEFAULT_SCANNER_SETTINGS, prefix: "1" });
    k("2", 5);
    k("3", 10);
    k("4", 15);
    expect(d.flush()).toMatchObject({ scan: true, payload: "1234" });
  });

  it("stored settings are read field by field, broken ones fall back to the defaults", () => {
    expect(parseScannerSettings(null)).toEqual(DEFAULT_SCANNER_SETTINGS);
    expect(parseScannerSettings("not json")).toEqual(DEFAULT_SCANNER_SETTINGS);
    expect(parseScannerSettings(JSON.stringify({ prefix: "~", terminator: "Tab", max_gap_ms: 5, min_length: 8 }))).toEqual({
      ...DEFAULT_SCANNER_SETTINGS,
      prefix: "~",
      terminator: "Tab",
      min_length: 8,
    });
  });
});
