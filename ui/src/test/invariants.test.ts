// DESIGN.md invariant 3 and the security model, checked on the sources themselves.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>("../**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

describe("invariants", () => {
  it("only src/ipc/ imports @tauri-apps/*", () => {
    const offenders = Object.entries(sources)
      .filter(([file]) => !file.startsWith("../ipc/"))
      .filter(([, text]) => /from\s+["']@tauri-apps\/|import\(\s*["']@tauri-apps\/|require\(\s*["']@tauri-apps\//.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it("no view injects markup: visitor-typed text is always rendered as text", () => {
    const offenders = Object.entries(sources)
      .filter(([file]) => !file.endsWith("invariants.test.ts"))
      .filter(([, text]) => /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|\beval\(|new Function\(/.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
