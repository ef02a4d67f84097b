import { describe, expect, it } from "vitest";
import en from "./en.json";
import fa from "./fa.json";
import zhCN from "./zh-CN.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const languages = { "zh-CN": flatten(zhCN), fa: flatten(fa) };
const english = flatten(en);

describe("translations", () => {
  for (const [lng, table] of Object.entries(languages)) {
    it(`every English key exists in ${lng} and vice versa`, () => {
      expect([...english.keys()].filter((k) => !table.has(k))).toEqual([]);
      expect([...table.keys()].filter((k) => !english.has(k))).toEqual([]);
    });

    it(`${lng} has no empty strings and keeps every {{placeholder}}`, () => {
      for (const [key, text] of table) {
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toEqual(placeholders(english.get(key) ?? ""));
      }
    });

    it(`${lng} is really translated, not an English copy`, () => {
      // Brand names, codes and format examples may stay the same; prose may not.
      const same = [...table].filter(([key, text]) => text === english.get(key) && /[a-z]{3,} [a-z]{3,}/i.test(text));
      expect(same).toEqual([]);
    });
  }
});

describe("keys used in the code", () => {
  // Every literal t("…") key in the sources must exist in en.json (the others are checked against it);
  // a plural key t("x", { count }) exists as x_one / x_other.
  const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}"], {
    query: "?raw",
    import: "default",
    eager: true,
  });

  it("exist in en.json", () => {
    const missing: string[] = [];
    let used = 0;
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*"([\w.-]+)"/g)) {
        used += 1;
        const key = m[1]!;
        if (!english.has(key) && !english.has(`${key}_other`)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(used).toBeGreaterThan(100);
  });
});
