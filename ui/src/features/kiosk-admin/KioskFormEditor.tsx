//! The active show's kiosk form: which contact fields a visitor sees and must fill, the
//! qualifying questions (texts in English, Chinese and Persian side by side), the consent with
//! its channels, the idle time and the brochure link. Saving checks it in the backend; its
//! refusals appear under the part they name (`fields`, `questions.N`, `consent`, `idle_seconds`).
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, validationFields } from "../../components/errors";
import { LANGUAGES } from "../../i18n";
import { commands, type ConsentChannel, type Event, type KioskForm, type KioskOption, type KioskQuestion, type QuestionKind } from "../../ipc";
import { queryKeys } from "../session/queries";
import { DEFAULT_KIOSK_FORM, IDLE_RANGE, KIOSK_FIELDS } from "./defaultForm";
import { canonical, consentToSave, nextVersion, prepared, wordingChanged } from "./formEdit";
import { kioskErrorText } from "./errors";

type Localized = KioskQuestion["text"];
type EditOption = KioskOption & { key: number };
type EditQuestion = Omit<KioskQuestion, "options"> & { key: number; options: EditOption[] };
type EditChannel = ConsentChannel & { key: number };
type EditForm = Omit<KioskForm, "questions" | "consent"> & {
  questions: EditQuestion[];
  consent: { version: string; statement: Localized; channels: EditChannel[] };
};

const KINDS: QuestionKind[] = ["single", "multi", "text"];
/** Channels offered when adding one; a saved form may name others, which are kept as they are. */
const CHANNELS = ["email", "phone", "sms", "whatsapp", "wechat", "post"];

let nextKey = 1;
const key = () => nextKey++;

/** The form with a React key on every list item (new items have no id until saved). */
function toEdit(form: KioskForm): EditForm {
  return {
    ...structuredClone(form),
    questions: form.questions.map((q) => ({ ...structuredClone(q), key: key(), options: q.options.map((o) => ({ ...structuredClone(o), key: key() })) })),
    consent: { ...structuredClone(form.consent), channels: form.consent.channels.map((c) => ({ ...structuredClone(c), key: key() })) },
  };
}

function fromEdit(edit: EditForm): KioskForm {
  return {
    ...edit,
    questions: edit.questions.map(({ key: _q, options, ...q }) => ({ ...q, options: options.map(({ key: _o, ...o }) => o) })),
    consent: { ...edit.consent, channels: edit.consent.channels.map(({ key: _c, ...c }) => c) },
  };
}

type Saved = { bumped: { from: string; to: string } | null };

export function KioskFormEditor({ event, onDirtyChange }: { event: Event; onDirtyChange?: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const saved = event.form.kiosk ?? DEFAULT_KIOSK_FORM;
  const [edit, setEdit] = useState<EditForm>(() => toEdit(saved));
  const [notice, setNotice] = useState<Saved | null>(null);

  const current = useMemo(() => prepared(fromEdit(edit)), [edit]);
  const dirty = canonical(current) !== canonical(prepared(saved));
  const willBump = current.consent.version === saved.consent.version.trim() && wordingChanged(saved.consent, current.consent);
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: async () => {
      const { consent, bumped } = consentToSave(saved.consent, current.consent);
      const updated = await commands.eventsSetKioskForm(event.id, { ...current, consent });
      return { updated, bumped };
    },
    onMutate: () => setNotice(null),
    onSuccess: ({ updated, bumped }) => {
      setEdit(toEdit(updated.form.kiosk ?? DEFAULT_KIOSK_FORM));
      setNotice({ bumped });
      void qc.invalidateQueries({ queryKey: queryKeys.session });
      void qc.invalidateQueries({ queryKey: queryKeys.events });
    },
  });

  const refusals = validationFields(save.error);
  const errorFor = (field: string) => {
    const f = refusals.find((r) => r.field === field);
    return f ? kioskErrorText(t, f) : undefined;
  };
  const placed = (field: string) => field === "fields" || field === "consent" || field === "idle_seconds" || /^questions\.\d+$/.test(field);
  const unplaced = refusals.filter((r) => !placed(r.field));

  const set = (patch: Partial<EditForm>) => setEdit((e) => ({ ...e, ...patch }));
  const setQuestion = (i: number, patch: Partial<EditQuestion>) =>
    setEdit((e) => ({ ...e, questions: e.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));
  const moveQuestion = (i: number, by: number) =>
    setEdit((e) => {
      const qs = [...e.questions];
      const [q] = qs.splice(i, 1);
      qs.splice(i + by, 0, q!);
      return { ...e, questions: qs };
    });
  const setConsent = (patch: Partial<EditForm["consent"]>) => setEdit((e) => ({ ...e, consent: { ...e.consent, ...patch } }));

  const toggleField = (field: string, shown: boolean) =>
    setEdit((e) => ({
      ...e,
      // Kept in the backend's order, so the kiosk shows them as listed here.
      fields: KIOSK_FIELDS.filter((f) => (f === field ? shown : e.fields.includes(f))),
      required: shown ? e.required : e.required.filter((r) => r !== field),
    }));
  const toggleRequired = (field: string, required: boolean) =>
    setEdit((e) => ({ ...e, required: KIOSK_FIELDS.filter((f) => (f === field ? required : e.required.includes(f))) }));

  const unusedChannels = CHANNELS.filter((c) => !edit.consent.channels.some((x) => x.channel === c));

  return (
    <Card withBorder padding="lg" data-testid="kiosk-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="xl">
          <Group justify="space-between">
            <Title order={3}>{t("kioskAdmin.form.title", { show: event.name })}</Title>
            {dirty && (
              <Badge color="yellow" c="dark" size="lg" tt="none" data-testid="kiosk-form-dirty">
                {t("kioskAdmin.form.unsaved")}
              </Badge>
            )}
          </Group>

          <Section title={t("kioskAdmin.form.fieldsTitle")} help={t("kioskAdmin.form.fieldsHelp")} error={errorFor("fields")}>
            <Table verticalSpacing="xs" maw={560} data-testid="kiosk-fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("kioskAdmin.form.field")}</Table.Th>
                  <Table.Th>{t("kioskAdmin.form.shown")}</Table.Th>
                  <Table.Th>{t("kioskAdmin.form.required")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {KIOSK_FIELDS.map((f) => (
                  <Table.Tr key={f}>
                    <Table.Td>{t(`fields.${f}`)}</Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={t("kioskAdmin.form.shownField", { field: t(`fields.${f}`) })}
                        checked={edit.fields.includes(f)}
                        onChange={(e) => toggleField(f, e.currentTarget.checked)}
                        data-testid={`kiosk-field-${f}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={t("kioskAdmin.form.requiredField", { field: t(`fields.${f}`) })}
                        checked={edit.required.includes(f)}
                        disabled={!edit.fields.includes(f)}
                        onChange={(e) => toggleRequired(f, e.currentTarget.checked)}
                        data-testid={`kiosk-required-${f}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>

          <Section title={t("kioskAdmin.form.questionsTitle")} help={t("kioskAdmin.form.questionsHelp")}>
            {edit.questions.length === 0 && <Text c="dimmed">{t("kioskAdmin.form.noQuestions")}</Text>}
            {edit.questions.map((q, i) => (
              <QuestionEditor
                key={q.key}
                index={i}
                count={edit.questions.length}
                question={q}
                error={errorFor(`questions.${i}`)}
                onChange={(patch) => setQuestion(i, patch)}
                onMove={(by) => moveQuestion(i, by)}
                onRemove={() => set({ questions: edit.questions.filter((_, j) => j !== i) })}
              />
            ))}
            <Group>
              <Button
                variant="default"
                data-testid="kiosk-add-question"
                onClick={() =>
                  set({
                    questions: [
                      ...edit.questions,
                      { key: key(), id: "", text: {}, kind: "single", required: false, options: [{ key: key(), id: "", text: {} }, { key: key(), id: "", text: {} }] },
                    ],
                  })
                }
              >
                {t("kioskAdmin.form.addQuestion")}
              </Button>
            </Group>
          </Section>

          <Section title={t("kioskAdmin.form.consentTitle")} help={t("kioskAdmin.form.consentHelp")} error={errorFor("consent")} testId="kiosk-consent">
            <TextInput
              label={t("kioskAdmin.form.version")}
              name="consent.version"
              dir="ltr"
              maw={360}
              value={edit.consent.version}
              onChange={(e) => setConsent({ version: e.currentTarget.value })}
              description={willBump ? t("kioskAdmin.form.willBump", { to: nextVersion(saved.consent.version) }) : t("kioskAdmin.form.versionHelp")}
              data-testid="kiosk-consent-version"
            />
            <Localized3
              label={t("kioskAdmin.form.statement")}
              name="consent.statement"
              multiline
              value={edit.consent.statement}
              onChange={(statement) => setConsent({ statement })}
            />
            {edit.consent.channels.map((c, i) => (
              <Paper key={c.key} withBorder p="md" data-testid="kiosk-channel">
                <Stack gap="sm">
                  <Group justify="space-between">
                    <Text fw={600}>{t("kioskAdmin.form.channel", { channel: channelLabel(t, c.channel) })}</Text>
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => setConsent({ channels: edit.consent.channels.filter((_, j) => j !== i) })}
                      data-testid="kiosk-channel-remove"
                    >
                      {t("kioskAdmin.form.removeChannel")}
                    </Button>
                  </Group>
                  <Localized3
                    label={t("kioskAdmin.form.channelWording")}
                    name={`consent.channels.${i}`}
                    value={c.text}
                    onChange={(text) => setConsent({ channels: edit.consent.channels.map((x, j) => (j === i ? { ...x, text } : x)) })}
                  />
                </Stack>
              </Paper>
            ))}
            {unusedChannels.length > 0 && <AddChannel channels={unusedChannels} onAdd={(channel) => setConsent({ channels: [...edit.consent.channels, { key: key(), channel, text: {} }] })} />}
          </Section>

          <Section title={t("kioskAdmin.form.moreTitle")}>
            <Group align="flex-start" wrap="wrap">
              <NumberInput
                size="lg"
                w={260}
                label={t("kioskAdmin.form.idle")}
                description={t("kioskAdmin.form.idleHelp", IDLE_RANGE)}
                name="idle_seconds"
                min={IDLE_RANGE.min}
                max={IDLE_RANGE.max}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                value={edit.idle_seconds}
                onChange={(v) => set({ idle_seconds: typeof v === "number" ? v : Number(v) || 0 })}
                error={errorFor("idle_seconds")}
                data-testid="kiosk-idle"
              />
              <TextInput
                type="url"
                dir="ltr"
                miw={320}
                style={{ flex: 1 }}
                label={t("kioskAdmin.form.brochure")}
                description={t("kioskAdmin.form.brochureHelp")}
                placeholder="https://example.com/brochure.pdf"
                name="brochure_url"
                value={edit.brochure_url}
                onChange={(e) => set({ brochure_url: e.currentTarget.value })}
                data-testid="kiosk-brochure"
              />
            </Group>
          </Section>

          {unplaced.length > 0 && <ErrorAlert error={save.error} fields={unplaced} />}
          {save.isError && refusals.length === 0 && <ErrorAlert error={save.error} />}
          {refusals.length > 0 && unplaced.length === 0 && (
            <Alert color="red" variant="light" role="alert" data-testid="kiosk-form-refused">
              {t("kioskAdmin.form.refused")}
            </Alert>
          )}
          {notice && !dirty && (
            <Alert color="green" variant="light" data-testid="kiosk-form-saved">
              {notice.bumped ? t("kioskAdmin.form.savedBumped", notice.bumped) : t("kioskAdmin.form.saved")}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="kiosk-form-save">
              {t("kioskAdmin.form.save")}
            </Button>
            <Button variant="default" disabled={!dirty || save.isPending} onClick={() => { save.reset(); setEdit(toEdit(saved)); }} data-testid="kiosk-form-revert">
              {t("kioskAdmin.form.revert")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Section({ title, help, error, testId, children }: { title: string; help?: string; error?: string; testId?: string; children: ReactNode }) {
  return (
    <Stack gap="sm" data-testid={testId}>
      <Title order={4}>{title}</Title>
      {help && <Text c="dimmed">{help}</Text>}
      {error && (
        <Text c="red.8" fw={600} role="alert">
          {error}
        </Text>
      )}
      {children}
    </Stack>
  );
}

function channelLabel(t: (key: string, o?: Record<string, unknown>) => string, channel: string): string {
  return CHANNELS.includes(channel) ? t(`kioskAdmin.channels.${channel}`) : channel;
}

function AddChannel({ channels, onAdd }: { channels: string[]; onAdd: (channel: string) => void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState(channels[0]!);
  const value = channels.includes(choice) ? choice : channels[0]!;
  return (
    <Group align="flex-end">
      <NativeSelect
        label={t("kioskAdmin.form.newChannel")}
        value={value}
        onChange={(e) => setChoice(e.currentTarget.value)}
        data={channels.map((c) => ({ value: c, label: channelLabel(t, c) }))}
        data-testid="kiosk-channel-new"
      />
      <Button variant="default" onClick={() => onAdd(value)} data-testid="kiosk-add-channel">
        {t("kioskAdmin.form.addChannel")}
      </Button>
    </Group>
  );
}

/** One text in the kiosk's three languages, side by side; Persian is typed right to left. */
function Localized3({
  label,
  name,
  value,
  onChange,
  multiline = false,
  hints = true,
}: {
  label: string;
  name: string;
  value: Localized;
  onChange: (v: Localized) => void;
  multiline?: boolean;
  /** Say under each box that English is needed and the others fall back to it. */
  hints?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
      {LANGUAGES.map(({ code, label: language }) => {
        const props = {
          label: `${label} · ${language}`,
          description: hints ? (code === "en" ? t("kioskAdmin.form.englishNeeded") : t("kioskAdmin.form.fallsBack")) : undefined,
          name: `${name}.${code}`,
          lang: code,
          dir: code === "fa" ? "rtl" : "ltr",
          value: value[code] ?? "",
          "data-testid": `${name}.${code}`,
        } as const;
        const change = (text: string) => onChange({ ...value, [code]: text });
        return multiline ? (
          <Textarea key={code} {...props} autosize minRows={3} onChange={(e) => change(e.currentTarget.value)} />
        ) : (
          <TextInput key={code} {...props} onChange={(e) => change(e.currentTarget.value)} />
        );
      })}
    </SimpleGrid>
  );
}

function QuestionEditor({
  index,
  count,
  question: q,
  error,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  question: EditQuestion;
  error: string | undefined;
  onChange: (patch: Partial<EditQuestion>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const name = `questions.${index}`;
  const setOption = (j: number, text: Localized) => onChange({ options: q.options.map((o, k) => (k === j ? { ...o, text } : o)) });
  return (
    <Paper withBorder p="md" data-testid="kiosk-question" data-question-id={q.id || undefined}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Text fw={700}>{t("kioskAdmin.form.question", { n: index + 1 })}</Text>
            {q.id && (
              <Text c="dimmed" size="sm">
                {t("kioskAdmin.form.idLabel")}{" "}
                <Text span inherit dir="ltr" ff="monospace" data-testid="question-id">
                  {q.id}
                </Text>
              </Text>
            )}
          </Group>
          <Group gap="xs">
            <ActionIcon size={48} variant="default" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t("kioskAdmin.form.moveUp")} data-testid="question-up">
              ↑
            </ActionIcon>
            <ActionIcon size={48} variant="default" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t("kioskAdmin.form.moveDown")} data-testid="question-down">
              ↓
            </ActionIcon>
            <Button variant="subtle" color="red" onClick={onRemove} data-testid="question-remove">
              {t("kioskAdmin.form.removeQuestion")}
            </Button>
          </Group>
        </Group>
        {error && (
          <Text c="red.8" fw={600} role="alert" data-testid="question-error">
            {error}
          </Text>
        )}
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t("kioskAdmin.form.kind")}
            name={`${name}.kind`}
            value={q.kind}
            onChange={(e) => onChange({ kind: e.currentTarget.value as QuestionKind })}
            data={KINDS.map((k) => ({ value: k, label: t(`kioskAdmin.kind.${k}`) }))}
            data-testid="question-kind"
          />
          <Checkbox label={t("kioskAdmin.form.questionRequired")} checked={q.required} onChange={(e) => onChange({ required: e.currentTarget.checked })} data-testid="question-required" mb={6} />
        </Group>
        <Localized3 label={t("kioskAdmin.form.questionText")} name={`${name}.text`} value={q.text} onChange={(text) => onChange({ text })} />
        {q.kind !== "text" && (
          <Stack gap="xs" ps="md" style={{ borderInlineStart: "3px solid var(--mantine-color-gray-3)" }}>
            <Text fw={600}>{t("kioskAdmin.form.options")}</Text>
            {q.options.map((o, j) => (
              <Group key={o.key} align="flex-end" wrap="nowrap" data-testid="question-option">
                <div style={{ flex: 1 }}>
                  <Localized3 label={t("kioskAdmin.form.option", { n: j + 1 })} name={`${name}.options.${j}`} value={o.text} onChange={(text) => setOption(j, text)} hints={false} />
                </div>
                <Button variant="subtle" color="red" onClick={() => onChange({ options: q.options.filter((_, k) => k !== j) })} data-testid="option-remove" aria-label={t("kioskAdmin.form.removeOptionN", { n: j + 1 })}>
                  {t("kioskAdmin.form.removeOption")}
                </Button>
              </Group>
            ))}
            <Group>
              <Button variant="default" onClick={() => onChange({ options: [...q.options, { key: key(), id: "", text: {} }] })} data-testid="option-add">
                {t("kioskAdmin.form.addOption")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
