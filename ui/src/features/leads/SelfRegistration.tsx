//! On a lead's page: what a visitor agreed to at the kiosk (the statement and each channel's
//! wording exactly as shown, the language, the wording version, when) and their answers to
//! the show's questions. All of it is visitor-facing or visitor-typed text: rendered as text.
import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../components/format";
import { LANGUAGES } from "../../i18n";
import type { Lead } from "../../ipc";

const KNOWN_CHANNELS = ["email", "phone", "sms", "whatsapp", "wechat", "post"];

export function SelfRegistration({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { consent, answers } = lead;
  if (lead.source !== "kiosk" && !consent && answers.length === 0) return null;
  const language = (code: string) => LANGUAGES.find((l) => l.code === code)?.label ?? code;
  const channel = (c: string) => (KNOWN_CHANNELS.includes(c) ? t(`kioskAdmin.channels.${c}`) : c);

  return (
    <Card withBorder padding="lg" data-testid="lead-self-registration">
      <Stack>
        <Title order={3}>{t("selfRegistration.title")}</Title>
        {consent ? (
          <Stack gap="sm" data-testid="lead-consent">
            <Text fw={600}>{t("selfRegistration.consentTitle")}</Text>
            <Text c="dimmed" data-testid="lead-consent-meta">
              {t("selfRegistration.consentMeta", { when: fmt.dateTime(consent.given_at), version: consent.version, language: language(consent.language) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t("selfRegistration.statement")}
            </Text>
            <Text component="blockquote" lang={consent.language} dir="auto" m={0} ps="md" style={{ whiteSpace: "pre-wrap", borderInlineStart: "3px solid var(--mantine-color-gray-4)" }} data-testid="lead-consent-statement">
              {consent.statement}
            </Text>
            <Text size="sm" c="dimmed">
              {t("selfRegistration.channels")}
            </Text>
            <Stack gap={6} role="list" ps="md">
              {consent.channels.map((c) => (
                <Group key={c.channel} role="listitem" gap="sm" wrap="nowrap" align="flex-start" data-testid="lead-consent-channel">
                  <Badge variant="light" color="green" tt="none" style={{ flexShrink: 0 }}>
                    {channel(c.channel)}
                  </Badge>
                  <Text lang={consent.language} dir="auto">
                    {c.text}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Stack>
        ) : (
          <Text data-testid="lead-no-consent">{t("selfRegistration.noConsent")}</Text>
        )}
        {answers.length > 0 && (
          <Stack gap="sm" data-testid="lead-answers">
            <Text fw={600}>{t("selfRegistration.answersTitle")}</Text>
            {answers.map((a) => (
              <Stack key={a.question_id} gap={2} data-testid="lead-answer">
                <Text size="sm" c="dimmed" dir="auto" lang={consent?.language}>
                  {a.question}
                </Text>
                <Text size="lg" dir="auto" lang={consent?.language} style={{ whiteSpace: "pre-wrap" }}>
                  {a.labels.length > 0 ? fmt.list(a.labels) : a.values.join("\n")}
                </Text>
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
