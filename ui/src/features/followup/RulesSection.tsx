//! Settings → Follow-up for the active show: its time zone (T+1 at 9:00 is counted there),
//! the rule table per grade (add, remove, edit steps; reset to seed 001's playbook) and the
//! email templates in each language.
import { ActionIcon, Button, Card, Group, NativeSelect, NumberInput, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describe } from "../../components/errors";
import type { EmailTemplate, FollowUpRules, Grade, RuleStep, TaskKind } from "../../ipc";
import { useSession } from "../session/queries";
import { SITUATIONS } from "./DraftDialog";
import { useRules, useSetRules, useSetTemplate, useSetTimeZone, useTemplates, useTimeZone } from "./queries";

const KINDS: TaskKind[] = ["email", "call", "webinar_invite", "check_in", "marketing_list", "second_touch"];
const GRADE_KEYS: [Grade, keyof FollowUpRules][] = [
  ["A", "a"],
  ["B", "b"],
  ["C", "c"],
  ["D", "d"],
];
const TEMPLATE_IDS = ["a_thank_you", "a_second_touch", "b_intro", "b_webinar", "b_check_in", "c_thank_you", ...SITUATIONS];

export function FollowupSettingsSection() {
  const session = useSession();
  const event = session.data?.event;
  if (!event) return null;
  return <Section key={event.id} eventId={event.id} />;
}

function Section({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="followup-settings">
      <Stack>
        <Title order={3}>{t("followup.settings.title")}</Title>
        <TimeZoneField eventId={eventId} />
        <RulesEditor eventId={eventId} />
        <TemplateEditor eventId={eventId} />
      </Stack>
    </Card>
  );
}

function TimeZoneField({ eventId }: { eventId: string }) {
  const tz = useTimeZone(eventId);
  if (tz.data === undefined) return null;
  return <TimeZoneForm key={tz.data} eventId={eventId} initial={tz.data} />;
}

function TimeZoneForm({ eventId, initial }: { eventId: string; initial: string }) {
  const { t } = useTranslation();
  const set = useSetTimeZone(eventId);
  const [text, setText] = useState(initial);
  return (
    <Group align="end">
      <TextInput
        label={t("followup.settings.timeZone")}
        description={t("followup.settings.timeZoneHelp")}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={set.error ? describe(t, set.error) : undefined}
        data-testid="time-zone"
        size="md"
        w={360}
      />
      <Button size="md" h={48} onClick={() => set.mutate(text.trim() || null)} loading={set.isPending} data-testid="save-time-zone">
        {t("followup.settings.saveTimeZone")}
      </Button>
    </Group>
  );
}

function RulesEditor({ eventId }: { eventId: string }) {
  const rules = useRules(eventId);
  if (!rules.data) return null;
  return <RulesForm key={JSON.stringify(rules.data)} eventId={eventId} initial={rules.data} />;
}

function RulesForm({ eventId, initial }: { eventId: string; initial: FollowUpRules }) {
  const { t } = useTranslation();
  const save = useSetRules(eventId);
  const [draft, setDraft] = useState<FollowUpRules>(initial);

  const update = (key: keyof FollowUpRules, steps: RuleStep[]) => setDraft({ ...draft, [key]: steps });
  const done = { onSuccess: () => notifications.show({ color: "green", message: t("followup.settings.saved") }), onError: (e: unknown) => notifications.show({ color: "red", message: describe(t, e) }) };

  return (
    <Stack>
      <Title order={4}>{t("followup.settings.rules")}</Title>
      <Text size="sm" c="dimmed">
        {t("followup.settings.rulesHelp")}
      </Text>
      {GRADE_KEYS.map(([grade, key]) => (
        <Stack key={key} gap={4} data-testid={`rules-${grade}`}>
          <Text fw={700}>{t("followup.settings.grade", { grade })}</Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("followup.settings.day")}</Table.Th>
                <Table.Th>{t("followup.settings.within")}</Table.Th>
                <Table.Th>{t("followup.settings.kind")}</Table.Th>
                <Table.Th>{t("followup.settings.template")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft[key].map((step, i) => {
                const change = (patch: Partial<RuleStep>) => update(key, draft[key].map((s, j) => (j === i ? { ...s, ...patch } : s)));
                return (
                  <Table.Tr key={i} data-testid={`rule-${grade}-${i}`}>
                    <Table.Td>
                      <NumberInput
                        aria-label={t("followup.settings.day")}
                        min={0}
                        max={365}
                        value={step.offset_days}
                        onChange={(v) => change({ offset_days: Number(v) || 0 })}
                        size="md"
                        w={100}
                        data-testid="rule-day"
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t("followup.settings.within")}
                        min={1}
                        value={step.within_hours ?? ""}
                        onChange={(v) => change({ within_hours: v === "" ? null : Number(v) })}
                        size="md"
                        w={100}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t("followup.settings.kind")}
                        value={step.kind}
                        onChange={(e) => change({ kind: e.currentTarget.value as TaskKind })}
                        data={KINDS.map((k) => ({ value: k, label: t(`followup.kind.${k}`) }))}
                        size="md"
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t("followup.settings.template")}
                        value={step.template}
                        onChange={(e) => change({ template: e.currentTarget.value })}
                        data={[{ value: "", label: "—" }, ...TEMPLATE_IDS.map((id) => ({ value: id, label: t(`followup.template.${id}`) }))]}
                        size="md"
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        size={48}
                        variant="subtle"
                        color="red"
                        aria-label={t("followup.settings.remove")}
                        onClick={() => update(key, draft[key].filter((_, j) => j !== i))}
                        data-testid="rule-remove"
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group>
            <Button
              variant="subtle"
              size="md"
              h={48}
              onClick={() => update(key, [...draft[key], { offset_days: 1, within_hours: null, kind: "email", template: "" }])}
              data-testid={`rule-add-${grade}`}
            >
              {t("followup.settings.addStep")}
            </Button>
          </Group>
        </Stack>
      ))}
      <Group>
        <Button size="md" h={48} onClick={() => save.mutate(draft, done)} loading={save.isPending} data-testid="save-rules">
          {t("followup.settings.saveRules")}
        </Button>
        <Button size="md" h={48} variant="default" onClick={() => save.mutate(null, done)} data-testid="reset-rules">
          {t("followup.settings.reset")}
        </Button>
      </Group>
    </Stack>
  );
}

function TemplateEditor({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const templates = useTemplates(eventId);
  const [id, setId] = useState<string>(TEMPLATE_IDS[0]!);
  const [locale, setLocale] = useState(["en", "zh-CN", "fa"].includes(i18n.language) ? i18n.language : "en");
  const current = templates.data?.find((x) => x.id === id && x.locale === locale);

  return (
    <Stack>
      <Title order={4}>{t("followup.settings.templates")}</Title>
      <Text size="sm" c="dimmed">
        {t("followup.settings.fields")}
      </Text>
      <Group grow>
        <NativeSelect
          label={t("followup.draft.template")}
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          data={TEMPLATE_IDS.map((x) => ({ value: x, label: t(`followup.template.${x}`) }))}
          size="md"
          data-testid="template-id"
        />
        <NativeSelect
          label={t("followup.draft.language")}
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value)}
          data={["en", "zh-CN", "fa"].map((l) => ({ value: l, label: t(`followup.locale.${l}`) }))}
          size="md"
          data-testid="template-locale"
        />
      </Group>
      {current && <TemplateForm key={JSON.stringify(current)} eventId={eventId} initial={current} />}
    </Stack>
  );
}

function TemplateForm({ eventId, initial }: { eventId: string; initial: EmailTemplate }) {
  const { t } = useTranslation();
  const save = useSetTemplate(eventId);
  const [text, setText] = useState<EmailTemplate>(initial);
  const done = { onSuccess: () => notifications.show({ color: "green", message: t("followup.settings.saved") }), onError: (e: unknown) => notifications.show({ color: "red", message: describe(t, e) }) };
  return (
    <>
      <TextInput label={t("followup.draft.subject")} value={text.subject} onChange={(e) => setText({ ...text, subject: e.currentTarget.value })} size="md" dir="auto" data-testid="template-subject" />
      <Textarea label={t("followup.draft.body")} value={text.body} onChange={(e) => setText({ ...text, body: e.currentTarget.value })} autosize minRows={6} dir="auto" data-testid="template-body" />
      <Group>
        <Button size="md" h={48} onClick={() => save.mutate({ template: text, reset: false }, done)} data-testid="save-template">
          {t("followup.settings.saveTemplate")}
        </Button>
        <Button size="md" h={48} variant="default" onClick={() => save.mutate({ template: text, reset: true }, done)} data-testid="reset-template">
          {t("followup.settings.resetTemplate")}
        </Button>
      </Group>
    </>
  );
}
