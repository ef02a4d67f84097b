import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";
import "./i18n";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter } from "react-router";
import { App } from "./App";
import { routes } from "./routes/routes";

const router = createHashRouter(routes);

// The window hands file drops to the page (so a badge photo or an attendee list can be dropped
// where the page asks for one); a file dropped anywhere else must not navigate the webview to it.
for (const type of ["dragover", "drop"] as const) {
  window.addEventListener(type, (e) => e.preventDefault());
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App router={router} />
  </StrictMode>,
);
