//! What happened with a lead after capture — quotes handed out, brochures shown or shared,
//! calls, emails, follow-ups done, assignments — newest first, each with who and when.
//! Interactions are facts recorded once; this list only reads them.
import { Badge, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type InteractionKind } from "../../ipc";

const COLORS: Record<InteractionKind, string> = {
  scan: "gray",
  material_shown: "teal",
  material_shared: "cyan",
  quote: "violet",
  call: "green",
  email: "blue",
  note: "gray",
  task_done: "lime",
  assigned: "orange",
};

export function LeadActivity({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Under "leads" so the `leads://changed` invalidation after any save refreshes it.
  const activity = useQuery({ queryKey: ["leads", "interactions", leadId], queryFn: () => commands.leadsInteractions(leadId) });
  const rows = activity.data ?? [];
  return (
    <Stack data-testid="lead-activity">
      <Title order={3}>{t("activity.title")}</Title>
      {activity.isPending && <Loader />}
      {activity.isError && <ErrorAlert error={activity.error} />}
      {activity.isSuccess && rows.length === 0 && <Text c="dimmed">{t("activity.empty")}</Text>}
      {rows.map((it) => (
        <Card key={it.id} withBorder padding="sm" data-testid="activity-row" data-kind={it.kind}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Badge color={COLORS[it.kind]} variant="light" size="lg" tt="none" miw={120}>
              {t(`activity.kind.${it.kind}`)}
            </Badge>
            <Stack gap={2}>
              {it.summary && (
                <Text fw={600} dir="auto" data-testid="activity-summary">
                  {it.summary}
                </Text>
              )}
              <Text c="dimmed" size="sm">
                {it.by_name ? t("activity.byAt", { name: it.by_name, at: fmt.dateTime(it.at) }) : fmt.dateTime(it.at)}
              </Text>
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
