// The kiosk page's module graph, walked from its entry through every static and dynamic import:
// it must hold none of the rep's screens, so no rep code is even in the visitor's page.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
});

const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(from: string, spec: string): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  const base = parts.join("/");
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (candidate in sources) return candidate;
  }
  return null; // JSON, CSS: no imports of their own
}

/** Every source file reached from `entry`, and the packages imported along the way. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of (sources[file] ?? "").matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (!spec.startsWith(".")) {
        packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
        continue;
      }
      const next = resolve(file, spec);
      if (next) todo.push(next);
    }
  }
  return { files, packages };
}

/** The rep-side modules the kiosk may reuse: the keyboard-wedge scanner and its beep, and the
 * attract loop's material display (pdf.js page drawing, sanitised Markdown, where a video plays from). */
const SHARED_FEATURES = [
  "../features/scanner/beep.ts",
  "../features/scanner/detector.ts",
  "../features/scanner/settings.ts",
  "../features/scanner/useBadgeScanner.ts",
  "../features/materials/media.ts",
  "../features/materials/pdf.ts",
  "../features/materials/SafeHtml.tsx",
];

describe("the kiosk page", () => {
  const { files, packages } = graph("../kiosk/main.tsx");

  it("is walked whole (the walk finds the screens and what they import)", () => {
    for (const f of ["../kiosk/KioskApp.tsx", "../kiosk/VisitorForm.tsx", "../kiosk/PinPad.tsx", "../ipc/index.ts", "../ipc/bindings.ts", "../features/scanner/useBadgeScanner.ts"]) {
      expect(files, f).toContain(f);
    }
  });

  it("imports no rep screen, route or the rep app itself", () => {
    const rep = [...files].filter(
      (f) => (f.startsWith("../features/") && !SHARED_FEATURES.includes(f)) || f.startsWith("../routes/") || f.startsWith("../components/") || ["../App.tsx", "../main.tsx", "../i18n/index.ts"].includes(f) || f.startsWith("../ipc/fake"),
    );
    expect(rep).toEqual([]);
  });

  it("pulls in neither the rep's router nor its query cache", () => {
    expect([...packages].filter((p) => ["react-router", "@tanstack/react-query", "@mantine/notifications"].includes(p))).toEqual([]);
  });

  it("would notice a rep screen: the rep window's graph has them", () => {
    const rep = graph("../main.tsx").files;
    expect(rep).toContain("../features/capture/CapturePage.tsx");
    expect(rep).toContain("../features/leads/LeadsPage.tsx");
  });
});
