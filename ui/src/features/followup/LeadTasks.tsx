//! A lead's follow-up tasks on its page: open ones with their actions, then done and cancelled.
import { Card, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FollowUpTask } from "../../ipc";
import { DraftDialog } from "./DraftDialog";
import { useLeadTasks } from "./queries";
import { TaskCard } from "./TaskCard";

export function LeadTasks({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const tasks = useLeadTasks(leadId);
  const [drafting, setDrafting] = useState<FollowUpTask | null>(null);
  return (
    <Card withBorder data-testid="lead-tasks">
      <Stack>
        <Title order={3}>{t("followup.leadTasks")}</Title>
        {tasks.data?.length === 0 && <Text c="dimmed">{t("followup.noTasks")}</Text>}
        {tasks.data?.map((task) => <TaskCard key={task.id} task={task} onDraft={setDrafting} showLead={false} />)}
      </Stack>
      <DraftDialog task={drafting} onClose={() => setDrafting(null)} />
    </Card>
  );
}
