//! "Create a show": the event's tag, dates, booth, country and its capture form
//! (required fields, interest tags, next actions).
import { Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, errorMap, validationFields } from "../../components/errors";
import { commands, type Event, type EventInput, type FieldError, type NextAction } from "../../ipc";
import { queryKeys } from "../session/queries";
import { useHoldScans } from "../scanner/ScannerProvider";

/** The fields a show can make required (mirrors the backend's REQUIRABLE_FIELDS). */
export const REQUIRABLE_FIELDS = ["company", "name", "title", "phone", "email", "grade", "next_action"] as const;
export const NEXT_ACTIONS: readonly NextAction[] = [
  "send_quote",
  "demo",
  "mail_samples",
  "technical_exchange",
  "factory_visit",
  "sample_request",
  "deep_dive",
];

type Values = {
  tag: string;
  name: string;
  starts_on: string;
  ends_on: string;
  booth: string;
  country: string;
  required: string[];
  next_actions: string[];
  interests: string;
};

export function toEventInput(v: Values): EventInput {
  return {
    tag: v.tag.trim(),
    name: v.name.trim(),
    starts_on: v.starts_on,
    ends_on: v.ends_on,
    booth: v.booth.trim(),
    country: v.country.trim().toUpperCase(),
    form: {
      required: REQUIRABLE_FIELDS.filter((f) => v.required.includes(f)),
      interests: [...new Set(v.interests.split(/[,，،]/).map((s) => s.trim()).filter(Boolean))],
      next_actions: NEXT_ACTIONS.filter((a) => v.next_actions.includes(a)),
    },
  };
}

export function CreateEventForm({ first = false, onCreated }: { first?: boolean; onCreated?: (event: Event) => void }) {
  // A show being typed in keeps scanned badges waiting rather than losing the typing.
  useHoldScans(true);
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const form = useForm<Values>({
    initialValues: {
      tag: "",
      name: "",
      starts_on: "",
      ends_on: "",
      booth: "",
      country: "",
      required: ["company", "name"],
      next_actions: [...NEXT_ACTIONS],
      interests: "",
    },
  });

  const create = useMutation({
    mutationFn: async (input: EventInput) => {
      const event = await commands.eventsCreate(input);
      // A new show becomes the active one: that is why it was created.
      const session = await commands.sessionSetEvent(event.id);
      return { event, session };
    },
    onMutate: () => setFieldErrors([]),
    onSuccess: ({ event, session }) => {
      qc.setQueryData(queryKeys.session, session);
      void qc.invalidateQueries({ queryKey: queryKeys.events });
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
      notifications.show({ color: "green", message: t("events.created", { name: event.name }) });
      form.reset();
      onCreated?.(event);
    },
    onError: (err) => setFieldErrors(validationFields(err)),
  });

  const errors = errorMap(t, fieldErrors);
  const known = new Set(["tag", "name", "starts_on", "ends_on", "booth", "country", "form", "interests"]);
  const other = fieldErrors.filter((f) => !known.has(f.field));
  const text = (field: keyof Values) => ({ ...form.getInputProps(field), name: field, error: errors[field] });

  return (
    <Paper withBorder p="lg" maw={900}>
      <form
        noValidate
        data-testid="event-form"
        onSubmit={form.onSubmit((v) => {
          if (!create.isPending) create.mutate(toEventInput(v));
        })}
      >
        <Stack>
          <Title order={2}>{first ? t("events.firstTitle") : t("events.newTitle")}</Title>
          <Text c="dimmed">{t("events.intro")}</Text>
          {create.isError && validationFields(create.error).length === 0 && <ErrorAlert error={create.error} />}
          {other.length > 0 && <ErrorAlert error={null} fields={other} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("events.tag")} description={t("events.tagHint")} withAsterisk {...text("tag")} data-autofocus />
            <TextInput label={t("events.name")} withAsterisk {...text("name")} />
            <TextInput type="date" label={t("events.startsOn")} withAsterisk {...text("starts_on")} />
            <TextInput type="date" label={t("events.endsOn")} withAsterisk {...text("ends_on")} />
            <TextInput label={t("events.booth")} {...text("booth")} />
            <TextInput label={t("events.country")} description={t("events.countryHint")} maxLength={2} {...text("country")} />
          </SimpleGrid>
          <Checkbox.Group
            size="lg"
            label={t("events.required")}
            description={t("events.requiredHint")}
            error={errors.form}
            {...form.getInputProps("required")}
          >
            <Group mt="xs">
              {REQUIRABLE_FIELDS.map((f) => (
                <Checkbox key={f} value={f} label={t(`fields.${f}`)} data-testid={`required-${f}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group size="lg" label={t("events.nextActions")} {...form.getInputProps("next_actions")}>
            <Group mt="xs">
              {NEXT_ACTIONS.map((a) => (
                <Checkbox key={a} value={a} label={t(`nextAction.${a}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput label={t("events.interests")} description={t("events.interestsHint")} {...text("interests")} />
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="create-event">
              {t("events.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
