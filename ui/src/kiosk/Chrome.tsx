//! What every kiosk screen has: the header with the app's mark (which is also the staff's
//! hidden way out: hold it for three seconds), the show's name, and room for screen actions.
import { Group, Text } from "@mantine/core";
import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/** How long staff hold the mark to open the PIN pad: longer than any visitor's tap. */
export const STAFF_HOLD_MS = 3000;

export function Logo({ size = 44 }: { size?: number }) {
  // A badge with a QR corner: the app's mark, drawn here so nothing is fetched.
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <rect x="4" y="2" width="40" height="44" rx="8" fill="#1864ab" />
      <rect x="18" y="6" width="12" height="4" rx="2" fill="#fff" />
      <rect x="11" y="16" width="11" height="11" rx="1.5" fill="#fff" />
      <rect x="14" y="19" width="5" height="5" fill="#1864ab" />
      <rect x="26" y="16" width="11" height="3" rx="1.5" fill="#a5d8ff" />
      <rect x="26" y="22" width="8" height="3" rx="1.5" fill="#a5d8ff" />
      <rect x="11" y="33" width="26" height="3" rx="1.5" fill="#fff" />
      <rect x="11" y="39" width="18" height="3" rx="1.5" fill="#a5d8ff" />
    </svg>
  );
}

/**
 * The mark in the header's corner. Held for STAFF_HOLD_MS (touch, mouse, or Enter/Space with
 * the focus on it) it asks for the staff PIN; a tap does nothing, and never reaches the screen
 * behind it (the attract screen starts on any tap).
 */
export function StaffCorner({ onHold }: { onHold: () => void }) {
  const { t } = useTranslation();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onHold);
  useEffect(() => {
    latest.current = onHold;
  });
  const start = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), STAFF_HOLD_MS);
  };
  const cancel = () => clearTimeout(timer.current);
  useEffect(() => cancel, []);
  return (
    <button
      type="button"
      className="kiosk-staff"
      data-testid="kiosk-staff"
      aria-label={t("kiosk.staff.label")}
      onPointerDown={start}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        if (!e.repeat) start();
      }}
      onKeyUp={cancel}
      onClick={(e) => e.stopPropagation()}
    >
      <Logo />
      <Text component="span" fw={700} fz="xl" className="kiosk-brand">
        {t("app.name")}
      </Text>
    </button>
  );
}

export function KioskHeader({ show, onStaff, children }: { show: string; onStaff: () => void; children?: ReactNode }) {
  return (
    <header className="kiosk-header">
      <StaffCorner onHold={onStaff} />
      <Text className="kiosk-show" fz="lg" fw={600} c="dimmed" truncate data-testid="kiosk-show">
        {show}
      </Text>
      <Group gap="sm" wrap="nowrap" className="kiosk-actions">
        {children}
      </Group>
    </header>
  );
}
