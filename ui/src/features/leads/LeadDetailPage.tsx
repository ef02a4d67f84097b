//! #/leads/:id — one lead, read-only, with its photos and voice memos and its version history;
//! Edit reuses the capture form.
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorAlert } from "../../components/errors";
import { StatusBadge } from "../../components/StatusBadge";
import { commands, isLeadTrackError, type Lead } from "../../ipc";
import { AttachmentsSection } from "../attachments/AttachmentsSection";
import { leadLabel, savedMessage } from "../capture/CapturePage";
import { LeadForm } from "../capture/LeadForm";
import { queryKeys, useEvents, useSession } from "../session/queries";
import { LeadFields } from "./LeadFields";
import { VersionHistory } from "./VersionHistory";

export function LeadDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const lead = useQuery({ queryKey: queryKeys.lead(id), queryFn: () => commands.leadsGet(id) });

  if (lead.isPending) return <Loader />;
  if (lead.isError) {
    return (
      <Stack maw={720}>
        {isLeadTrackError(lead.error) && lead.error.kind === "not_found" ? (
          <Alert color="red" variant="light" title={t("lead.notFound")} />
        ) : (
          <ErrorAlert error={lead.error} />
        )}
        <Anchor component={Link} to="/leads">
          {t("lead.back")}
        </Anchor>
      </Stack>
    );
  }
  return <LeadDetail lead={lead.data} />;
}

function LeadDetail({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const events = useEvents();
  const session = useSession();
  const event = events.data?.find((e) => e.id === lead.event_id) ?? (session.data?.event?.id === lead.event_id ? session.data.event : undefined);
  const name = leadLabel(lead, t("lead.unnamed"));

  return (
    <Stack maw={1000}>
      <Anchor component={Link} to={lead.status === "draft" ? "/drafts" : "/leads"}>
        {t("lead.back")}
      </Anchor>
      <Card withBorder padding="lg">
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={2} data-testid="lead-detail-name" dir="auto">
                {name}
              </Title>
              <Text c="dimmed" dir="auto">
                {[lead.title, lead.company].filter(Boolean).join(" · ")}
              </Text>
            </Stack>
            <Group>
              <StatusBadge status={lead.status} />
              <Badge variant="outline" color="gray">
                {lead.event_tag}
              </Badge>
              {!editing && (
                <Button onClick={() => setEditing(true)} data-testid="edit-lead" disabled={!event}>
                  {lead.status === "draft" ? t("lead.complete") : t("lead.edit")}
                </Button>
              )}
            </Group>
          </Group>
          {editing && event ? (
            <LeadForm
              // Not keyed by version: our own save bumps it, and the form must outlive that
              // while it sends the attachments (and keep any that failed).
              key={lead.id}
              event={event}
              lead={lead}
              onCancel={() => setEditing(false)}
              onSaved={(saved, draft, attachments) => {
                // Some attachments failed: the form stays open with them and Retry.
                if (attachments.failed === 0) setEditing(false);
                notifications.show({
                  color: draft ? "yellow" : "green",
                  message: savedMessage(t, saved, draft, attachments.saved),
                });
              }}
            />
          ) : (
            <LeadFields lead={lead} />
          )}
        </Stack>
      </Card>
      <AttachmentsSection leadId={lead.id} canAdd={!editing} />
      <VersionHistory leadId={lead.id} />
    </Stack>
  );
}
