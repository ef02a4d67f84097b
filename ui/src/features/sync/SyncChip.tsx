//! The sync badge on the nav's Sync entry: how many lead versions wait to be sent, red when the
//! last attempt failed or something is parked, so reps always see the backlog (like the drafts
//! count). Its full meaning is its accessible name and tooltip.
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSyncSettings, useSyncStatus } from "./queries";

export function SyncChip() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const settings = useSyncSettings();
  const s = status.data;
  if (!s) return null;
  const waiting = s.pending + s.inflight;
  const configured = Boolean(settings.data?.endpoint && settings.data.secret_set);
  const trouble = Boolean(s.last_error) || s.parked > 0;
  const state = trouble ? "error" : !configured ? "off" : waiting > 0 ? "pending" : "ok";
  const color = { error: "red", off: "gray", pending: "yellow", ok: "green" }[state];
  const label = [
    !configured ? t("sync.chip.off", { count: waiting }) : waiting > 0 ? t("sync.chip.pending", { count: waiting }) : t("sync.chip.upToDate"),
    ...(s.parked > 0 ? [t("sync.chip.parked", { count: s.parked })] : []),
    ...(s.last_error ? [s.last_error] : []),
  ].join(" · ");
  return (
    <Badge
      color={color}
      c={state === "pending" ? "dark" : undefined}
      variant={state === "off" ? "outline" : "filled"}
      size="lg"
      circle={state === "ok" || waiting < 10}
      data-testid="sync-chip"
      data-state={state}
      aria-label={label}
      title={label}
    >
      {state === "ok" ? "✓" : state === "error" && waiting === 0 ? "!" : waiting}
    </Badge>
  );
}
