//! Idle reset: after the show's idle time with no touch, key or typing, a full-screen
//! countdown asks "Still there?"; a tap keeps the visitor's form, the end of the countdown
//! wipes it, so a half-filled form never reaches the next visitor.
import { Button, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** Seconds the "Still there?" countdown runs before the wipe. */
export const COUNTDOWN_SECONDS = 10;

const ACTIVITY = ["pointerdown", "keydown", "input", "wheel", "touchstart", "scroll"] as const;

/** Calls `onIdle` once `idleMs` pass with no activity anywhere on the page, while `enabled`. */
export function useIdle(enabled: boolean, idleMs: number, onIdle: () => void): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  });
  useEffect(() => {
    if (!enabled) return;
    let timer = setTimeout(() => latest.current(), idleMs);
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), idleMs);
    };
    for (const type of ACTIVITY) document.addEventListener(type, activity, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) document.removeEventListener(type, activity, { capture: true });
    };
  }, [enabled, idleMs]);
}

/** The countdown over everything; `onContinue` on any tap or key, `onExpire` at zero. */
export function IdleCountdown({ onContinue, onExpire }: { onContinue: () => void; onExpire: () => void }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(COUNTDOWN_SECONDS);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  });
  useEffect(() => {
    const started = Date.now();
    const tick = setInterval(() => {
      const remaining = COUNTDOWN_SECONDS - Math.floor((Date.now() - started) / 1000);
      setLeft(Math.max(remaining, 0));
      if (remaining <= 0) {
        clearInterval(tick);
        expire.current();
      }
    }, 250);
    return () => clearInterval(tick);
  }, []);
  return (
    <div
      className="kiosk-overlay kiosk-idle"
      data-testid="kiosk-idle"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="kiosk-idle-title"
      onPointerDown={(e) => {
        e.preventDefault();
        onContinue();
      }}
    >
      <Stack align="center" gap="xl">
        <Title order={1} id="kiosk-idle-title" fz={56}>
          {t("kiosk.idle.title")}
        </Title>
        <Text className="kiosk-countdown" data-testid="kiosk-idle-seconds" aria-live="polite">
          {left}
        </Text>
        <Text fz={28}>{t("kiosk.idle.wipe", { count: left })}</Text>
        <Button size="xl" h={80} px={48} fz={28} autoFocus onClick={onContinue} data-testid="kiosk-idle-continue">
          {t("kiosk.idle.continue")}
        </Button>
      </Stack>
    </div>
  );
}
