//! #/leads/:id — one lead, read-only, with its photos and voice memos and its version history;
//! Edit reuses the capture form. "Merge with another lead…" and a hint about likely duplicates
//! (same email or phone at the show) open the merge dialog; a lead merged away shows a banner
//! that leads to the lead it was merged into.
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ErrorAlert } from "../../components/errors";
import { StatusBadge } from "../../components/StatusBadge";
import { commands, isLeadTrackError, type Lead } from "../../ipc";
import { AttachmentsSection } from "../attachments/AttachmentsSection";
import { LeadTasks } from "../followup/LeadTasks";
import { leadLabel, savedMessage } from "../capture/CapturePage";
import { LeadForm } from "../capture/LeadForm";
import { queryKeys, useEvents, useSession } from "../session/queries";
import { LeadFields } from "./LeadFields";
import { QuoteHistory } from "../quotes/QuoteHistory";
import { MergeDialog } from "./MergeDialog";
import { SelfRegistration } from "./SelfRegistration";
import { LeadActivity } from "./LeadActivity";
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
  // Keyed: opening another lead (a banner's link, after a merge) starts with its own state.
  return <LeadDetail key={lead.data.id} lead={lead.data} />;
}

function LeadDetail({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  /** `undefined`: the merge dialog is closed; `null`: open on its search; an id: comparing. */
  const [mergeWith, setMergeWith] = useState<string | null | undefined>(undefined);
  const navigate = useNavigate();
  const merged = lead.merged_into !== null;
  const events = useEvents();
  const session = useSession();
  const event = events.data?.find((e) => e.id === lead.event_id) ?? (session.data?.event?.id === lead.event_id ? session.data.event : undefined);
  const name = leadLabel(lead, t("lead.unnamed"));

  return (
    <Stack maw={1000}>
      <Anchor component={Link} to={lead.status === "draft" ? "/drafts" : "/leads"}>
        {t("lead.back")}
      </Anchor>
      {lead.merged_into && <MergedBanner survivorId={lead.merged_into} />}
      {!merged && !editing && <DuplicateHint leadId={lead.id} onCompare={setMergeWith} />}
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
              {!editing && !merged && (
                <Button onClick={() => setEditing(true)} data-testid="edit-lead" disabled={!event}>
                  {lead.status === "draft" ? t("lead.complete") : t("lead.edit")}
                </Button>
              )}
              {!editing && !merged && (
                <Button component={Link} to={`/leads/${lead.id}/quote`} variant="light" data-testid="quote-lead">
                  {t("quotes.quote")}
                </Button>
              )}
              {!editing && !merged && (
                <Button component={Link} to={`/materials?lead=${lead.id}`} variant="light" data-testid="lead-materials">
                  {t("materials.openForLead")}
                </Button>
              )}
              {!editing && !merged && (
                <Button variant="default" onClick={() => setMergeWith(null)} data-testid="merge-lead">
                  {t("lead.merge")}
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
      <SelfRegistration lead={lead} />
      <AttachmentsSection leadId={lead.id} canAdd={!editing && !merged} />
      <QuoteHistory leadId={lead.id} canQuote={!merged} />
      <LeadTasks leadId={lead.id} />
      <LeadActivity leadId={lead.id} />
      <VersionHistory leadId={lead.id} />
      {mergeWith !== undefined && (
        <MergeDialog
          lead={lead}
          otherId={mergeWith}
          onClose={() => setMergeWith(undefined)}
          onMerged={(survivorId) => {
            setMergeWith(undefined);
            if (survivorId !== lead.id) void navigate(`/leads/${survivorId}`);
          }}
        />
      )}
    </Stack>
  );
}

/** On a lead merged into another: where it went, and a way there. */
function MergedBanner({ survivorId }: { survivorId: string }) {
  const { t } = useTranslation();
  const survivor = useQuery({ queryKey: queryKeys.lead(survivorId), queryFn: () => commands.leadsGet(survivorId) });
  const name = survivor.data ? leadLabel(survivor.data, t("lead.unnamed")) : "…";
  return (
    <Alert color="blue" variant="light" title={t("lead.mergedInto", { name })} data-testid="merged-banner">
      <Group justify="space-between">
        <Text>{t("lead.mergedBody")}</Text>
        <Button component={Link} to={`/leads/${survivorId}`} data-testid="merged-open">
          {t("lead.openSurvivor")}
        </Button>
      </Group>
    </Alert>
  );
}

/** Other leads of the show with the same email or phone, each with "Compare & merge". */
function DuplicateHint({ leadId, onCompare }: { leadId: string; onCompare: (id: string) => void }) {
  const { t } = useTranslation();
  const dupes = useQuery({ queryKey: ["leads", "duplicates", leadId], queryFn: () => commands.leadsDuplicates(leadId) });
  if (!dupes.data?.length) return null;
  return (
    <Alert color="yellow" variant="light" data-testid="duplicate-hint">
      <Stack gap="xs">
        {dupes.data.map((d) => (
          <Group key={d.id} justify="space-between">
            <Text dir="auto">
              {t("lead.possibleDuplicate", { name: leadLabel({ ...d, phone: "" }, t("lead.unnamed")), by: d.captured_by_name })}
            </Text>
            <Button variant="light" onClick={() => onCompare(d.id)} data-testid="duplicate-compare">
              {t("lead.compareMerge")}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
