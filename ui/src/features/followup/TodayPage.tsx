//! #/today: the signed-in person's follow-up tasks, overdue first, then today, then upcoming,
//! with the calendar export.
import { Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describe, ErrorAlert } from "../../components/errors";
import type { FollowUpTask, Urgency } from "../../ipc";
import { DraftDialog } from "./DraftDialog";
import { useExportIcs, useToday } from "./queries";
import { TaskCard } from "./TaskCard";

const GROUPS: Urgency[] = ["overdue", "today", "upcoming"];

export function TodayPage() {
  const { t } = useTranslation();
  const today = useToday();
  const ics = useExportIcs();
  const [drafting, setDrafting] = useState<FollowUpTask | null>(null);

  const exportIcs = () =>
    ics.mutate(undefined, {
      onSuccess: (file) => file && notifications.show({ color: "green", message: t("followup.icsSaved", { path: file.path }) }),
      onError: (e) => notifications.show({ color: "red", message: describe(t, e) }),
    });

  return (
    <Stack maw={1000} data-testid="today-page">
      <Group justify="space-between">
        <Title order={2}>{t("followup.title")}</Title>
        <Button size="md" h={48} variant="default" onClick={exportIcs} loading={ics.isPending} data-testid="export-ics">
          {t("followup.exportIcs")}
        </Button>
      </Group>
      {today.isPending && <Loader />}
      {today.isError && <ErrorAlert error={today.error} />}
      {today.data && today.data.tasks.length === 0 && (
        <Text size="lg" c="dimmed" data-testid="today-empty">
          {t("followup.empty")}
        </Text>
      )}
      {today.data &&
        GROUPS.map((group) => {
          const tasks = today.data.tasks.filter((task) => task.urgency === group);
          if (!tasks.length) return null;
          return (
            <Stack key={group} gap="sm" data-testid={`today-${group}`}>
              <Title order={3} c={group === "overdue" ? "red.8" : undefined}>
                {t(`followup.group.${group}`)} ({tasks.length})
              </Title>
              {tasks.map((task) => (
                <TaskCard key={task.id} task={task} onDraft={setDrafting} />
              ))}
            </Stack>
          );
        })}
      <DraftDialog task={drafting} onClose={() => setDrafting(null)} />
    </Stack>
  );
}
