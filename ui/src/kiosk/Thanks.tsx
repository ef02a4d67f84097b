//! The thank-you screen: the visitor's own name (as text, whatever they typed) and the show's
//! brochure link as a QR code for their phone; then back to the attract screen on a tap or
//! after THANKS_MS.
import { Button, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { KioskReceipt } from "../ipc";
import { QrCode } from "./QrCode";

/** Long enough to take a phone out and point its camera at the code. */
export const THANKS_MS = 15_000;

export function Thanks({ receipt, onDone }: { receipt: KioskReceipt; onDone: () => void }) {
  const { t } = useTranslation();
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    const timer = setTimeout(() => done.current(), THANKS_MS);
    return () => clearTimeout(timer);
  }, []);
  const name = receipt.name.trim();
  return (
    <div className="kiosk-thanks" data-testid="kiosk-thanks" onClick={onDone}>
      <Stack align="center" gap="xl">
        <Title order={1} className="kiosk-thanks-title" data-testid="kiosk-thanks-title">
          {name ? t("kiosk.thanks.title", { name }) : t("kiosk.thanks.titleNoName")}
        </Title>
        <Text fz={28}>{t("kiosk.thanks.saved")}</Text>
        {receipt.brochure_url && (
          <Stack align="center" gap="md" className="kiosk-qr">
            <QrCode value={receipt.brochure_url} size={window.innerHeight < 900 ? 240 : 360} label={t("kiosk.thanks.qrLabel")} testId="kiosk-qr" />
            <Text fz={26} fw={600} ta="center">
              {t("kiosk.thanks.qr")}
            </Text>
          </Stack>
        )}
        <Button
          size="xl"
          h={72}
          px={56}
          fz={26}
          data-testid="kiosk-done"
          onClick={(e) => {
            e.stopPropagation();
            onDone();
          }}
        >
          {t("kiosk.thanks.done")}
        </Button>
      </Stack>
    </div>
  );
}
