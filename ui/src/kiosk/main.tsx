//! The kiosk window's entry (kiosk.html). It imports no rep screen: a test walks this module
//! graph (src/test/kioskGraph.test.ts), so a visitor's page cannot even contain the rep's code.
import "@mantine/core/styles.css";
import "./kiosk.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { KioskApp } from "./KioskApp";
import { installLockdown } from "./lockdown";

// Before anything renders: no key, menu, drop or zoom gets past it.
installLockdown(window);

const root = document.getElementById("root");
if (!root) throw new Error("kiosk.html has no #root");
createRoot(root).render(
  <StrictMode>
    <KioskApp />
  </StrictMode>,
);
