/// <reference types="vitest/config" />
// Vite builds the two windows' pages into ui/dist — index.html (the rep window) and kiosk.html
// (the visitor kiosk, src/kiosk/, which imports no rep screen) — and the Tauri shell serves
// them from tauri://localhost under a strict CSP (no eval, no inline scripts, no network).
// `base: "./"` keeps every asset URL relative so the build also opens from a file-like origin.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // The UI folder, plus the example badge profiles the settings tests load (docs/badge-profiles.md).
    fs: { allow: [".", "../assets/badge-profiles"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The webview is a current WebKitGTK / WebView2 / WKWebView.
    target: "es2022",
    sourcemap: false,
    // One bundle read from local disk by the webview; splitting it buys nothing offline.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: "index.html", kiosk: "kiosk.html" },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    restoreMocks: true,
    // Whole-app renders on a 2-core CI machine: generous, never relied upon.
    testTimeout: 20_000,
    css: false,
  },
});
