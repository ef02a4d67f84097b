//! Turns the reminder loop's events into toasts (the OS notification may be missing: a bare X
//! server has no notification service) and refreshes the task lists; also the nav's overdue count.
//! Toasts go bottom right, away from the dialogs' buttons.
import { Badge } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { onFollowupAlert, onFollowupReminder, type Reminder } from "../../ipc";
import { followupKeys, useToday } from "./queries";

/** Reminders arriving together (at sign-in, after a night) become one toast, bottom right. */
const BATCH_MS = 300;

export function FollowupBridge() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const batch = useRef<Reminder[]>([]);
  useEffect(() => {
    const flush = () => {
      const list = batch.current;
      batch.current = [];
      const first = list[0];
      if (!first) return;
      const overdue = list.some((r) => r.state === "overdue");
      const who = (r: Reminder) => [r.task.lead_name, r.task.lead_company].filter(Boolean).join(" · ");
      notifications.show({
        position: "bottom-right",
        color: overdue ? "red" : "blue",
        title: list.length === 1 ? t(`followup.reminder.${first.state}`) : t("followup.reminder.many", { count: list.length }),
        message: list.length === 1 ? `${t(`followup.kind.${first.task.kind}`)}: ${who(first)}` : list.slice(0, 3).map(who).join(", "),
        autoClose: 8_000,
      });
    };
    const stopReminders = onFollowupReminder((r) => {
      void qc.invalidateQueries({ queryKey: followupKeys.all });
      batch.current.push(r);
      if (batch.current.length === 1) setTimeout(flush, BATCH_MS);
    });
    const stopAlerts = onFollowupAlert((a) => {
      notifications.show({ id: `alert-${a.alert.id}`, position: "bottom-right", color: "red", title: t("followup.alertTitle"), message: a.alert.message, autoClose: 10_000 });
    });
    return () => {
      stopReminders();
      stopAlerts();
    };
  }, [qc, t]);
  return null;
}

/** The nav's red count of overdue tasks (nothing when none, or nobody signed in). */
export function OverdueBadge({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const today = useToday(enabled);
  const n = today.data?.overdue ?? 0;
  if (!n) return null;
  return (
    <Badge color="red" size="lg" circle={n < 10} data-testid="overdue-count" aria-label={t("followup.overdueCount", { count: n })}>
      {n}
    </Badge>
  );
}
