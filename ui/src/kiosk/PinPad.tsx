//! The staff PIN pad: big digits, the PIN masked, a keyboard works too. The backend decides:
//! accepted (it closes the kiosk window and brings the rep window back), wrong (so many tries
//! left), locked out (the pad stays disabled until then) or no PIN set.
import { Alert, Button, CloseButton, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../ipc";

type Outcome =
  | { kind: "none" }
  | { kind: "wrong"; left: number }
  | { kind: "locked"; until: number }
  | { kind: "not_set" }
  | { kind: "unlocking" }
  | { kind: "failed" };

const MAX_DIGITS = 12;

export function PinPad({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "none" });
  const locked = outcome.kind === "locked";
  const disabled = busy || locked || outcome.kind === "unlocking";

  // A lockout ends by itself: the pad comes back when it is over.
  const lockedUntil = outcome.kind === "locked" ? outcome.until : null;
  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = setTimeout(() => setOutcome({ kind: "none" }), Math.max(lockedUntil - Date.now(), 0));
    return () => clearTimeout(timer);
  }, [lockedUntil]);

  const press = (digit: string) => setPin((p) => (p.length < MAX_DIGITS ? p + digit : p));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (disabled || pin === "") return;
    setBusy(true);
    try {
      const check = await commands.kioskExit(pin);
      setPin("");
      if (check.result === "accepted") setOutcome({ kind: "unlocking" });
      else if (check.result === "wrong") setOutcome({ kind: "wrong", left: check.attempts_left });
      else if (check.result === "locked_out") setOutcome({ kind: "locked", until: check.until });
      else setOutcome({ kind: "not_set" });
    } catch {
      setPin("");
      setOutcome({ kind: "failed" });
    } finally {
      setBusy(false);
    }
  };

  const time = (ms: number) => new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit" }).format(ms);
  const message =
    outcome.kind === "wrong"
      ? { color: "orange", text: t("kiosk.pin.wrong", { count: outcome.left }) }
      : outcome.kind === "locked"
        ? { color: "red", text: t("kiosk.pin.lockedOut", { time: time(outcome.until) }) }
        : outcome.kind === "not_set"
          ? { color: "red", text: t("kiosk.pin.notSet") }
          : outcome.kind === "unlocking"
            ? { color: "green", text: t("kiosk.pin.unlocking") }
            : outcome.kind === "failed"
              ? { color: "red", text: t("kiosk.pin.failed") }
              : null;

  return (
    <div className="kiosk-overlay kiosk-pin" role="dialog" aria-modal="true" aria-labelledby="kiosk-pin-title" data-testid="kiosk-pin">
      <form className="kiosk-pin-card" onSubmit={(e) => void submit(e)} noValidate>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4}>
            <Title order={2} id="kiosk-pin-title">
              {t("kiosk.pin.title")}
            </Title>
            <Text c="dimmed">{t("kiosk.pin.hint")}</Text>
          </Stack>
          <CloseButton size={56} onClick={onClose} aria-label={t("kiosk.pin.close")} data-testid="kiosk-pin-close" />
        </Group>
        <TextInput
          type="password"
          // Digits are typed left to right in every language.
          dir="ltr"
          size="xl"
          label={t("kiosk.pin.label")}
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, "").slice(0, MAX_DIGITS))}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
          }}
          inputMode="numeric"
          autoComplete="off"
          disabled={disabled}
          autoFocus
          data-testid="kiosk-pin-input"
        />
        <SimpleGrid cols={3} spacing="md" dir="ltr" className="kiosk-pin-keys">
          {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => (
            <Button key={d} variant="default" className="kiosk-pin-key" onClick={() => press(d)} disabled={disabled} data-testid={`kiosk-pin-${d}`}>
              {d}
            </Button>
          ))}
          <Button variant="default" className="kiosk-pin-key" onClick={() => setPin((p) => p.slice(0, -1))} disabled={disabled} aria-label={t("kiosk.pin.delete")} data-testid="kiosk-pin-delete">
            ⌫
          </Button>
          <Button variant="default" className="kiosk-pin-key" onClick={() => press("0")} disabled={disabled} data-testid="kiosk-pin-0">
            0
          </Button>
          <Button type="submit" className="kiosk-pin-key kiosk-pin-ok" disabled={disabled || pin === ""} loading={busy} data-testid="kiosk-pin-ok">
            {t("kiosk.pin.ok")}
          </Button>
        </SimpleGrid>
        {message && (
          <Alert color={message.color} variant="light" role="status" data-testid="kiosk-pin-message" data-outcome={outcome.kind}>
            <Text fz="lg">{message.text}</Text>
          </Alert>
        )}
      </form>
    </div>
  );
}
