//! The email draft for one task: pick the template (the grade's own or a situation of seed 004)
//! and language, edit freely, then open it in the mail app or save it as .eml, and "Mark sent"
//! once it went out. One personal draft at a time: nothing is sent from here.
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describe } from "../../components/errors";
import { commands, type Draft, type FollowUpTask } from "../../ipc";
import { useMarkSent } from "./queries";

export const SITUATIONS = ["signed_at_show", "terms_not_agreed", "samples_requested", "casual_visitor"] as const;
const GRADE_TEMPLATES = ["a_thank_you", "a_second_touch", "b_intro", "b_webinar", "b_check_in", "c_thank_you"] as const;
const LOCALES = ["en", "zh-CN", "fa"] as const;

function defaultLocale(language: string): string {
  return (LOCALES as readonly string[]).includes(language) ? language : "en";
}

export function DraftDialog({ task, onClose }: { task: FollowUpTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("followup.draft.title")} size="xl" data-testid="draft-dialog">
      {task && <DraftForm key={task.id} task={task} onClose={onClose} />}
    </Modal>
  );
}

function gradeTemplate(task: FollowUpTask): string {
  return task.template || (task.grade === "C" ? "c_thank_you" : task.grade === "B" ? "b_intro" : "a_thank_you");
}

function DraftForm({ task, onClose }: { task: FollowUpTask; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [template, setTemplate] = useState(() => gradeTemplate(task));
  const [locale, setLocale] = useState(() => defaultLocale(i18n.language));
  // The rep's edits; null until they type (then a template or language change starts over).
  const [edited, setEdited] = useState<Draft | null>(null);
  const filled = useQuery({
    queryKey: ["leads", "followup", "draft", task.lead_id, template, locale],
    queryFn: () => commands.followupDraft(task.lead_id, template, locale),
    staleTime: Infinity,
  });
  const sent = useMarkSent();
  const draft = edited ?? filled.data?.draft ?? null;

  const fail = (e: unknown) => notifications.show({ color: "red", message: describe(t, e) });
  const edit = (patch: Partial<Draft>) => draft && setEdited({ ...draft, ...patch });
  const templates = [...GRADE_TEMPLATES, ...SITUATIONS];
  const openMail = () => {
    if (draft) commands.followupOpenMail(draft).catch(fail);
  };
  const saveEml = () => {
    if (!draft) return;
    commands
      .followupSaveEml(draft)
      .then((f) => {
        if (f) notifications.show({ color: "green", message: t("followup.draft.saved", { path: f.path }) });
      })
      .catch(fail);
  };
  const markSent = () => {
    if (!draft) return;
    sent.mutate(
      { id: task.id, draft },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: t("followup.draft.markedSent") });
          onClose();
        },
        onError: fail,
      },
    );
  };

  return (
    <Stack>
      <Group grow>
        <NativeSelect
          label={t("followup.draft.template")}
          value={template}
          onChange={(e) => {
            setTemplate(e.currentTarget.value);
            setEdited(null);
          }}
          data={templates.map((id) => ({ value: id, label: t(`followup.template.${id}`) }))}
          data-testid="draft-template"
          size="md"
        />
        <NativeSelect
          label={t("followup.draft.language")}
          value={locale}
          onChange={(e) => {
            setLocale(e.currentTarget.value);
            setEdited(null);
          }}
          data={LOCALES.map((l) => ({ value: l, label: t(`followup.locale.${l}`) }))}
          data-testid="draft-locale"
          size="md"
        />
      </Group>
      {filled.isError && <Text c="red">{describe(t, filled.error)}</Text>}
      {draft && (
        <>
          <TextInput label={t("followup.draft.to")} value={draft.to} onChange={(e) => edit({ to: e.currentTarget.value })} data-testid="draft-to" size="md" />
          <TextInput label={t("followup.draft.subject")} value={draft.subject} onChange={(e) => edit({ subject: e.currentTarget.value })} data-testid="draft-subject" size="md" dir="auto" />
          <Textarea
            label={t("followup.draft.body")}
            value={draft.body}
            onChange={(e) => edit({ body: e.currentTarget.value })}
            autosize
            minRows={8}
            maxRows={18}
            data-testid="draft-body"
            dir="auto"
          />
          <Text size="sm" c="dimmed">
            {t("followup.draft.personal")}
          </Text>
          <Group>
            <Button size="md" h={48} onClick={openMail} data-testid="draft-open-mail">
              {t("followup.draft.openMail")}
            </Button>
            <Button size="md" h={48} variant="light" onClick={saveEml} data-testid="draft-save-eml">
              {t("followup.draft.saveEml")}
            </Button>
            <Button size="md" h={48} color="green" loading={sent.isPending} onClick={markSent} data-testid="draft-mark-sent">
              {t("followup.draft.markSent")}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
