//! One follow-up task with its big actions: Done, Snooze (1 hour, tomorrow 9:00 at the show),
//! Draft email (written kinds), Call (the backend opens the tel: link and records the call).
import { Anchor, Badge, Button, Card, Group, Menu, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { describe } from "../../components/errors";
import { GradeBadge } from "../../components/GradeBadge";
import type { FollowUpTask } from "../../ipc";
import { useDone, useSnooze } from "./queries";
import { useTaskTime } from "./time";

const WRITTEN = new Set(["email", "webinar_invite", "check_in", "second_touch"]);

export function isWritten(task: FollowUpTask): boolean {
  return WRITTEN.has(task.kind);
}

export function TaskCard({ task, onDraft, showLead = true }: { task: FollowUpTask; onDraft: (task: FollowUpTask) => void; showLead?: boolean }) {
  const { t } = useTranslation();
  const time = useTaskTime();
  const snooze = useSnooze();
  const done = useDone();
  const open = task.status === "open";
  const who = [task.lead_name, task.lead_company].filter(Boolean).join(" · ") || t("followup.noName");
  const fail = (e: unknown) => notifications.show({ color: "red", message: describe(t, e) });

  return (
    <Card withBorder padding="md" data-testid={`task-${task.id}`} data-kind={task.kind} data-urgency={task.urgency ?? task.status}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <GradeBadge grade={task.grade} />
            <Text fw={700} size="lg">
              {t(`followup.kind.${task.kind}`)}
            </Text>
            {showLead && (
              <Anchor component={Link} to={`/leads/${task.lead_id}`} size="lg" data-testid="task-lead">
                {who}
              </Anchor>
            )}
          </Group>
          <Group gap="xs">
            {task.urgency === "overdue" && <Badge color="red">{t("followup.group.overdue")}</Badge>}
            {task.status !== "open" && <Badge color={task.status === "done" ? "green" : "gray"}>{t(`followup.status.${task.status}`)}</Badge>}
            <Text c="dimmed" title={task.time_zone}>
              {t("followup.due", { when: time(task.snoozed_until ?? task.due_at, task.time_zone) })}
            </Text>
          </Group>
        </Group>
        {task.snoozed_until !== null && open && (
          <Text size="sm" c="dimmed">
            {t("followup.snoozedFrom", { when: time(task.due_at, task.time_zone) })}
          </Text>
        )}
        {open && (
          <Group gap="sm">
            {isWritten(task) && (
              <Button size="md" h={48} onClick={() => onDraft(task)} data-testid="task-draft">
                {t("followup.draftEmail")}
              </Button>
            )}
            {task.kind === "call" && task.lead_phone && (
              <Button
                size="md"
                h={48}
                onClick={() => done.mutate({ id: task.id, outcome: "called" }, { onError: fail })}
                data-testid="task-call"
              >
                {t("followup.call", { phone: task.lead_phone })}
              </Button>
            )}
            <Button
              size="md"
              h={48}
              variant="light"
              color="green"
              loading={done.isPending}
              onClick={() => done.mutate({ id: task.id, outcome: "done" }, { onError: fail })}
              data-testid="task-done"
            >
              {t("followup.done")}
            </Button>
            <Menu position="bottom-start">
              <Menu.Target>
                <Button size="md" h={48} variant="default" loading={snooze.isPending} data-testid="task-snooze">
                  {t("followup.snooze")}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item mih={48} onClick={() => snooze.mutate({ id: task.id, until: Date.now() + 3_600_000 }, { onError: fail })} data-testid="snooze-hour">
                  {t("followup.snoozeHour")}
                </Menu.Item>
                <Menu.Item mih={48} onClick={() => snooze.mutate({ id: task.id, until: "tomorrow" }, { onError: fail })} data-testid="snooze-tomorrow">
                  {t("followup.snoozeTomorrow")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
