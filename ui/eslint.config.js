// Flat config: typescript-eslint's type-aware rules for the app, the React hooks rules,
// and invariant 3 (only src/ipc/ talks to Tauri) as an import restriction.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig(
  globalIgnores(["dist", "node_modules", "coverage"]),
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Only src/ipc/ may import @tauri-apps/* (DESIGN.md invariant 3). Use src/ipc instead.",
            },
          ],
        },
      ],
    },
  },
  {
    // The in-memory backend for tests: async functions stand in for IPC calls.
    files: ["src/ipc/fake*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // The one place that talks to Tauri.
    files: ["src/ipc/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Visitor-typed text is data: never inject markup.
    files: ["src/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: "Visitor-typed text is data; render it as text (DESIGN.md security model).",
        },
      ],
    },
  },
  {
    files: ["*.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
