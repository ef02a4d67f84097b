//! Every field of a lead, read-only: the detail card and each old version use it.
import { Badge, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../components/format";
import { GradeBadge } from "../../components/GradeBadge";
import type { Lead } from "../../ipc";

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <div data-testid={testId}>{children}</div>
    </Stack>
  );
}

const dash = "—";

/** Every field of `lead`, read-only. Also used for old versions in the history. */
export function LeadFields({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
        <Field label={t("fields.name")}>
          <Text size="lg" dir="auto">{lead.name || dash}</Text>
        </Field>
        <Field label={t("fields.company")}>
          <Text size="lg" dir="auto">{lead.company || dash}</Text>
        </Field>
        <Field label={t("fields.title")}>
          <Text size="lg" dir="auto">{lead.title || dash}</Text>
        </Field>
        <Field label={t("fields.phone")} testId="lead-detail-phone">
          <Text size="lg" dir="ltr">{lead.phone || dash}</Text>
          {lead.phone_e164 && lead.phone_e164 !== lead.phone && (
            <Text size="sm" c="dimmed" dir="ltr">
              {t("lead.e164", { phone: lead.phone_e164 })}
            </Text>
          )}
        </Field>
        <Field label={t("fields.email")}>
          <Text size="lg" dir="ltr" style={{ overflowWrap: "anywhere" }}>
            {lead.email || dash}
          </Text>
        </Field>
        <Field label={t("fields.country")}>
          <Text size="lg" dir="auto">{lead.country || dash}</Text>
        </Field>
      </SimpleGrid>
      <Field label={t("fields.grade")} testId="lead-detail-grade">
        <Group gap="sm">
          <GradeBadge grade={lead.grade} />
          {lead.grade && <Text>{t(`grade.${lead.grade}.meaning`)}</Text>}
        </Group>
      </Field>
      <Field label={t("fields.interests")}>
        {lead.interests.length ? (
          <Group gap="xs">
            {lead.interests.map((tag) => (
              <Badge key={tag} variant="light" size="lg" tt="none" dir="auto">
                {tag}
              </Badge>
            ))}
          </Group>
        ) : (
          <Text>{dash}</Text>
        )}
      </Field>
      <Field label={t("fields.key_needs")}>
        <Text size="lg" dir="auto" style={{ whiteSpace: "pre-wrap" }}>
          {lead.key_needs || dash}
        </Text>
      </Field>
      <Field label={t("fields.next_action")}>
        <Text size="lg">{lead.next_action ? t(`nextAction.${lead.next_action}`) : t("nextAction.none")}</Text>
      </Field>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
        <Field label={t("fields.captured_by")}>
          <Text dir="auto">{lead.captured_by_name}</Text>
        </Field>
        <Field label={t("fields.source")}>
          <Text>{t(`source.${lead.source}`)}</Text>
        </Field>
        <Field label={t("fields.created_at")}>
          <Text>{fmt.dateTime(lead.created_at)}</Text>
        </Field>
        <Field label={t("fields.updated_at")}>
          <Text>{fmt.dateTime(lead.updated_at)}</Text>
        </Field>
        <Field label={t("fields.version")}>
          <Text>{lead.version}</Text>
        </Field>
        {lead.attendee_id && (
          <Field label={t("attendees.field.attendee_id")}>
            <Text dir="ltr" data-testid="lead-attendee-id">
              {lead.attendee_id}
              {lead.to_reconcile && (
                <Badge color="orange" variant="light" ms="xs" data-testid="lead-to-reconcile">
                  {t("attendees.toReconcile")}
                </Badge>
              )}
            </Text>
          </Field>
        )}
      </SimpleGrid>
      {lead.badge_raw && (
        <Field label={t("lead.badgeRaw", { format: lead.badge_format ?? t("lead.unknownFormat") })}>
          <Card withBorder bg="var(--mantine-color-gray-0)" p="sm">
            <pre className="raw-text" dir="ltr" data-testid="badge-raw">
              {lead.badge_raw}
            </pre>
          </Card>
        </Field>
      )}
    </Stack>
  );
}
