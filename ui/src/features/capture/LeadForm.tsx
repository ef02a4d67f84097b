//! The capture form (MISSION capability 2), used to capture a new lead and to edit one.
//! Built for a noisy show floor: big targets, Enter / Ctrl+S save, Ctrl+D saves a draft,
//! focus returns to the first field after a save, errors appear under their fields.
//! Photos and voice memos picked here are uploaded one by one once the lead is saved; if
//! one fails the lead stays saved, the form stays on it and offers Retry.
//! A new-lead form also fills itself from scanned badges (see `scan`): a visitor already on
//! the form is first kept as a draft, with its photos and memos, so nothing is lost.
//! A photo of a badge fills it the same way (see `scanPhoto`) and stays as the card photo.
import {
  Button,
  Group,
  Input,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { getHotkeyHandler, type HotkeyItem } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorAlert, errorMap, validationFields } from "../../components/errors";
import { useFormat } from "../../components/format";
import { GRADE_COLORS, GRADES } from "../../components/GradeBadge";
import { type Attendee, commands, type Event, type FieldError, type Grade, type Lead, type LeadInput, type NextAction } from "../../ipc";
import { AttachmentPicker } from "../attachments/AttachmentPicker";
import { type PendingAttachment, pendingAttachment, uploadErrorText, useAttachmentQueue } from "../attachments/upload";
import { BADGE_PHOTO_ACCEPT, BadgePhotoInput } from "../scanner/BadgePhotoInput";

const BADGE_PHOTO_TYPES = BADGE_PHOTO_ACCEPT.split(",");
import { type BadgeOrigin, badgeOrigin, fillFromAttendee, fillFromBadge, holdsVisitor } from "../scanner/fill";
import { type Scan, useHoldScans } from "../scanner/ScannerProvider";
import { ScanNote, type ScanWait } from "../scanner/ScanNote";
import { queryKeys } from "../session/queries";
import { leadLabel } from "./labels";

export type LeadValues = {
  company: string;
  name: string;
  title: string;
  phone: string;
  email: string;
  country: string;
  grade: Grade | null;
  interests: string[];
  key_needs: string;
  next_action: NextAction | "";
};

const EMPTY: LeadValues = {
  company: "",
  name: "",
  title: "",
  phone: "",
  email: "",
  country: "",
  grade: null,
  interests: [],
  key_needs: "",
  next_action: "",
};

/** Fields rendered by this form; errors for any other field go to the alert on top. */
const FORM_FIELDS = new Set(["company", "name", "title", "phone", "email", "country", "grade", "interests", "key_needs", "next_action"]);
type TextField = "company" | "name" | "title" | "phone" | "email" | "country";

export function valuesFromLead(lead: Lead): LeadValues {
  return {
    company: lead.company,
    name: lead.name,
    title: lead.title,
    phone: lead.phone,
    email: lead.email,
    country: lead.country,
    grade: lead.grade,
    interests: [...lead.interests],
    key_needs: lead.key_needs,
    next_action: lead.next_action ?? "",
  };
}

/** `from`: the lead being edited, or the badge a new lead was scanned from. */
export function toLeadInput(values: LeadValues, eventId: string, draft: boolean, from?: Pick<Lead, "source" | "badge_raw" | "badge_format" | "attendee_id">): LeadInput {
  return {
    event_id: eventId,
    company: values.company.trim(),
    name: values.name.trim(),
    title: values.title.trim(),
    phone: values.phone.trim(),
    email: values.email.trim(),
    country: values.country.trim().toUpperCase(),
    grade: values.grade,
    interests: values.interests,
    key_needs: values.key_needs.trim(),
    next_action: values.next_action === "" ? null : values.next_action,
    draft,
    source: from?.source ?? "manual",
    badge_raw: from?.badge_raw ?? null,
    badge_format: from?.badge_format ?? null,
    attendee_id: from?.attendee_id ?? null,
  };
}

/** How the photos and voice memos went with a save: `failed` ones are still pending in the form. */
export type SavedAttachments = { saved: number; failed: number };

export type LeadFormProps = {
  event: Event;
  /** The lead being edited; absent when capturing a new one. */
  lead?: Lead;
  /** After the lead is saved and its attachments were sent (some may have failed). */
  onSaved?: (lead: Lead, draft: boolean, attachments: SavedAttachments) => void;
  onCancel?: () => void;
  /**
   * The oldest scanned badge waiting for this form (new leads only). The form fills itself
   * from it as soon as it is free (not saving, recording or holding failed attachments) and
   * then calls `onScanTaken`.
   */
  scan?: Scan | null;
  onScanTaken?: (seq: number) => void;
};

type SaveRequest = {
  input: LeadInput;
  /** The lead to update; null creates one. */
  targetId: string | null;
  /** Pending photos and memos to send once the lead is saved. */
  items: PendingAttachment[];
  /** Attachments of this lead already sent by an earlier, partly failed save. */
  uploadedBefore: number;
};

/** A lead that is saved while some of its attachments are not yet. */
type Held = { lead: Lead; draft: boolean; uploaded: number };

export function LeadForm({ event, lead, onSaved, onCancel, scan = null, onScanTaken }: LeadFormProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fmt = useFormat();
  const firstField = useRef<HTMLInputElement>(null);
  const [newInterest, setNewInterest] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  // The first field in error, to bring into view once the errors have rendered (focusing
  // from the save callback was undone by the re-render that follows it).
  const [focusRequest, setFocusRequest] = useState<{ field: string } | null>(null);
  useEffect(() => {
    if (!focusRequest) return;
    const el = document.querySelector<HTMLElement>(`[data-lead-form] [name="${focusRequest.field}"]`);
    el?.focus();
    el?.scrollIntoView?.({ block: "center" });
  }, [focusRequest]);
  const form = useForm<LeadValues>({ initialValues: lead ? valuesFromLead(lead) : EMPTY });
  const queue = useAttachmentQueue();
  // Set while the saved lead still has attachments that failed: saving again updates this
  // lead (never a duplicate) and sends what is still pending.
  const [held, setHeld] = useState<Held | null>(null);
  // A memo still recording is not in the queue yet: saving now would leave it behind.
  const [recording, setRecording] = useState(false);
  const editing = !!lead;
  // An edit in progress keeps scanned badges waiting rather than losing the typing to Capture.
  useHoldScans(editing);
  const target = held?.lead ?? lead;
  const editingDraft = target?.status === "draft";
  // The badge this new lead was scanned from (saved with it), and what the note above says.
  const [badge, setBadge] = useState<BadgeOrigin | null>(null);
  const [filled, setFilled] = useState<{ scan: Scan; previous: Lead | null; attendee: Attendee | null } | null>(null);
  // A scan that could not make room (the visitor on the form was refused as a draft), and why
  // when it was not a field's fault.
  const [blockedSeq, setBlockedSeq] = useState<number | null>(null);
  const [blockedError, setBlockedError] = useState<unknown>(null);
  const takingSeq = useRef<number | null>(null);
  const [taking, setTaking] = useState(false);
  // A badge photo being read, and what came of the last one: no code in it, or an error.
  const [readingPhoto, setReadingPhoto] = useState(false);
  const [photoResult, setPhotoResult] = useState<{ noCode: true } | { error: unknown } | null>(null);
  // Photo scans are numbered below zero so they never match a handheld scan's `seq`.
  const photoSeq = useRef(0);

  /** The lead and all its attachments are saved: on to the next lead (or back to reading). */
  const complete = (done: Held) => {
    setHeld(null);
    if (!editing) {
      form.reset();
      setNewInterest("");
      queue.clear();
      setBadge(null);
      setFilled(null);
      setBlockedSeq(null);
      setBlockedError(null);
      setPhotoResult(null);
      firstField.current?.focus();
    }
    onSaved?.(done.lead, done.draft, { saved: done.uploaded, failed: 0 });
  };

  const sendAttachments = async (saved: Lead, draft: boolean, items: readonly PendingAttachment[], uploadedBefore: number) => {
    const result = await queue.upload(saved.id, items);
    const next: Held = { lead: saved, draft, uploaded: uploadedBefore + result.uploaded };
    if (result.failed === 0) {
      complete(next);
    } else {
      setHeld(next);
      onSaved?.(saved, draft, { saved: next.uploaded, failed: result.failed });
    }
  };

  const save = useMutation({
    mutationFn: ({ input, targetId }: SaveRequest) => (targetId ? commands.leadsUpdate(targetId, input) : commands.leadsCreate(input)),
    onMutate: () => setFieldErrors([]),
    onSuccess: async (saved, { input, items, uploadedBefore }) => {
      qc.setQueryData(queryKeys.lead(saved.id), saved);
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
      // The lead is safe now; the save stays "pending" until its attachments are sent.
      await sendAttachments(saved, input.draft, items, uploadedBefore);
    },
    onError: (err) => {
      const fields = validationFields(err);
      setFieldErrors(fields);
      const first = fields.find((f) => FORM_FIELDS.has(f.field));
      if (first) setFocusRequest({ field: first.field });
    },
  });

  const busy = save.isPending || queue.uploading;
  const submit = (draft: boolean) => {
    if (busy || recording) return;
    save.mutate({
      input: toLeadInput(form.getValues(), target?.event_id ?? event.id, draft, target ?? badge ?? undefined),
      targetId: target?.id ?? null,
      items: queue.items,
      uploadedBefore: held?.uploaded ?? 0,
    });
  };

  /**
   * Fills the form from a scanned badge. A visitor already on it is saved as a draft first,
   * with the photos and memos picked for them; if there is none, what was typed (grade, notes,
   * photos) stays, as it is likely about the visitor whose badge this is.
   */
  const takeScan = useEffectEvent(async (next: Scan) => {
    setTaking(true);
    try {
      await fillFromScan(next);
    } finally {
      setTaking(false);
    }
  });
  /** `fromPhoto`: the scan is a badge photo, not one of the scanner's (which waits when blocked). Resolves to whether the form was filled. */
  const fillFromScan = async (next: Scan, fromPhoto = false): Promise<boolean> => {
    // The same badge again while its visitor is still on the form (a second pass over the
    // scanner): nothing new to capture, and keeping "the previous visitor" would duplicate it.
    if (badge?.badge_raw === next.parsed.raw) {
      if (!fromPhoto) onScanTaken?.(next.seq);
      return false;
    }
    // A badge this show already has opens that lead instead of making another. A failed
    // lookup must not stop the capture: the badge then fills the form as a new one.
    // The attendee list names an id-only badge offline; both lookups run at once.
    const attendeeId = next.parsed.attendee_id;
    const [existing, attendee] = await Promise.all([
      commands.leadsFindByBadge(event.id, next.parsed.raw).catch(() => null),
      attendeeId ? commands.attendeesFind(event.id, attendeeId).catch(() => null) : Promise.resolve(null),
    ]);
    const values = form.getValues();
    const keepPrevious = holdsVisitor(values, badge);
    let previous: Lead | null = null;
    if (keepPrevious) {
      // Leaving for the existing lead unmounts this form: the visitor on it is kept as a
      // draft first, exactly as for a new badge.
      try {
        previous = await commands.leadsCreate(toLeadInput(values, event.id, true, badge ?? undefined));
      } catch (err) {
        // The visitor stays on the form with the reasons under the fields; the badge waits.
        const fields = validationFields(err);
        setFieldErrors(fields);
        setBlockedError(fields.length ? null : err);
        if (!fromPhoto) setBlockedSeq(next.seq);
        const first = fields.find((f) => FORM_FIELDS.has(f.field));
        if (first) setFocusRequest({ field: first.field });
        return false;
      }
      qc.setQueryData(queryKeys.lead(previous.id), previous);
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
      const items = queue.items;
      if (items.length > 0) {
        const result = await queue.upload(previous.id, items);
        if (result.failed > 0) {
          // The draft is saved; what failed stays here with Retry, and the badge waits for that.
          setHeld({ lead: previous, draft: true, uploaded: result.uploaded });
          onSaved?.(previous, true, { saved: result.uploaded, failed: result.failed });
          return false;
        }
      }
      queue.clear();
      setNewInterest("");
    }
    if (existing) {
      if (!fromPhoto) onScanTaken?.(next.seq);
      if (previous) notifications.show({ color: "yellow", message: t("capture.savedDraft", { name: leadLabel(previous, t("lead.unnamed")) }) });
      notifications.show({
        color: "blue",
        message: t("scanner.alreadyCaptured", { name: existing.captured_by_name, time: fmt.dateTime(existing.created_at) }),
      });
      void navigate(`/leads/${existing.id}`);
      return false;
    }
    form.setValues(fillFromAttendee(fillFromBadge(keepPrevious ? EMPTY : values, next.parsed), attendee));
    setBadge(badgeOrigin(next.parsed));
    setFilled({ scan: next, previous, attendee });
    setFieldErrors([]);
    setBlockedSeq(null);
    setBlockedError(null);
    setPhotoResult(null);
    save.reset();
    if (!fromPhoto) onScanTaken?.(next.seq);
    // Show the rep what the badge filled in: the note and the contact fields are at the top.
    document.querySelector("[data-lead-form]")?.scrollIntoView?.({ block: "start" });
    return true;
  };

  /**
   * A photo of a badge or business card: the first code found fills the form exactly as a
   * handheld scan of it would; with a code or without, the photo stays as a pending card photo,
   * saved with the lead. A file that is not a readable photo is refused with the reason.
   */
  const scanPhoto = async (file: File) => {
    setPhotoResult(null);
    setReadingPhoto(true);
    try {
      let symbols;
      try {
        symbols = await commands.badgesScanImage(new Uint8Array(await file.arrayBuffer()));
      } catch (error) {
        setPhotoResult({ error });
        return;
      }
      const first = symbols[0];
      if (first) {
        photoSeq.current -= 1;
        setTaking(true);
        let filledIn = false;
        try {
          filledIn = await fillFromScan({ seq: photoSeq.current, parsed: first.parsed, keys: 0, avgGapMs: 0, parseError: null, at: performance.now() }, true);
        } finally {
          setTaking(false);
        }
        if (!filledIn) return;
      } else {
        setPhotoResult({ noCode: true });
      }
      queue.add([pendingAttachment("card", file, file.name)]);
    } finally {
      setReadingPhoto(false);
    }
  };

  const scanWait: ScanWait | null =
    !scan || editing || taking ? null : blockedSeq === scan.seq ? "blocked" : recording ? "recording" : held ? "held" : busy ? "saving" : null;
  const scanReady = !!scan && !editing && !busy && !recording && !held && blockedSeq !== scan.seq;
  useEffect(() => {
    if (!scan || !scanReady || takingSeq.current === scan.seq) return;
    takingSeq.current = scan.seq;
    void takeScan(scan).finally(() => {
      takingSeq.current = null;
    });
  }, [scan, scanReady]);

  const retryAttachments = () => {
    if (held && !busy) void sendAttachments(held.lead, held.draft, queue.items, held.uploaded);
  };
  const removePending = (key: string) => {
    queue.remove(key);
    // The last failed item removed: nothing is left to save with this lead.
    if (held && !busy && queue.items.every((i) => i.key === key)) complete(held);
  };
  /** Leaves the failed items behind and starts a new lead (the saved one is kept). */
  const startNextLead = () => {
    if (held && !busy) complete(held);
  };

  const errors = errorMap(t, fieldErrors);
  const otherErrors = fieldErrors.filter((f) => !FORM_FIELDS.has(f.field));
  const required = new Set(event.form.required);
  const values = form.getValues();

  const toggleInterest = (tag: string) =>
    form.setFieldValue("interests", (cur: string[]) => (cur.includes(tag) ? cur.filter((x) => x !== tag) : [...cur, tag]));
  const addInterest = () => {
    const tag = newInterest.trim();
    if (tag && !values.interests.includes(tag)) form.setFieldValue("interests", [...values.interests, tag]);
    setNewInterest("");
  };
  const interestTags = [...event.form.interests, ...values.interests.filter((x) => !event.form.interests.includes(x))];

  const canDraft = held ? editingDraft : !editing || editingDraft;
  // Physical keys, so Ctrl+S still saves with a Persian or Chinese keyboard layout.
  const keys: HotkeyItem[] = [
    ["mod+S", () => submit(false), { usePhysicalKeys: true }],
    ["mod+Enter", () => submit(false)],
  ];
  if (canDraft) keys.push(["mod+D", () => submit(true), { usePhysicalKeys: true }]);
  const hotkeys = getHotkeyHandler(keys);

  const textInput = (field: TextField) => ({
    ...form.getInputProps(field),
    name: field,
    label: t(`fields.${field}`),
    withAsterisk: required.has(field),
    error: errors[field],
  });

  return (
    <form
      noValidate
      data-lead-form
      data-testid="lead-form"
      aria-label={editing ? t("capture.editTitle") : t("capture.title")}
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
      onDragOver={(e) => {
        if (!editing && e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        // A badge or business-card photo dropped anywhere on a new capture reads like a picked one.
        const file = [...e.dataTransfer.files].find((f) => BADGE_PHOTO_TYPES.includes(f.type));
        if (editing || !file) return;
        e.preventDefault();
        if (!(busy || recording || taking || held)) void scanPhoto(file);
      }}
      onKeyDown={(e: KeyboardEvent<HTMLFormElement>) => {
        // Ctrl+D in the free-text fields too; never let the webview bookmark the page.
        if ((e.ctrlKey || e.metaKey) && !e.altKey) hotkeys(e);
      }}
    >
      <Stack gap="lg">
        {!editing && (
          <ScanNote
            filled={filled}
            waiting={scanWait}
            onRetry={() => {
              setBlockedSeq(null);
              setBlockedError(null);
            }}
          />
        )}
        {!!blockedError && <ErrorAlert error={blockedError} />}
        {save.isError && fieldErrors.length === 0 && <ErrorAlert error={save.error} />}
        {otherErrors.length > 0 && <ErrorAlert error={null} fields={otherErrors} />}

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...textInput("company")} ref={firstField} data-autofocus dir="auto" autoComplete="off" />
          <TextInput {...textInput("name")} dir="auto" autoComplete="off" />
          <TextInput {...textInput("title")} dir="auto" autoComplete="off" />
          <TextInput {...textInput("phone")} type="tel" inputMode="tel" dir="ltr" autoComplete="off" />
          <TextInput {...textInput("email")} type="email" inputMode="email" dir="ltr" autoComplete="off" />
          <TextInput
            {...textInput("country")}
            placeholder={event.country}
            description={t("capture.countryHint", { country: event.country || "—" })}
            maxLength={2}
            autoComplete="off"
            onChange={(e) => form.setFieldValue("country", e.currentTarget.value.toUpperCase())}
          />
        </SimpleGrid>

        <Input.Wrapper
          label={t("fields.grade")}
          size="lg"
          labelElement="div"
          labelProps={{ id: "grade-label" }}
          withAsterisk={required.has("grade")}
          error={errors.grade}
          errorProps={{ id: "grade-error" }}
        >
          <SimpleGrid
            cols={{ base: 2, md: 4 }}
            mt="xs"
            role="group"
            aria-labelledby="grade-label"
            aria-describedby={errors.grade ? "grade-error" : undefined}
          >
            {GRADES.map((g) => {
              const pressed = values.grade === g;
              return (
                <Button
                  key={g}
                  type="button"
                  data-testid={`grade-${g}`}
                  aria-pressed={pressed}
                  color={GRADE_COLORS[g]}
                  variant={pressed ? "filled" : "outline"}
                  h="auto"
                  mih={88}
                  py="sm"
                  onClick={() => form.setFieldValue("grade", pressed ? null : g)}
                  styles={{ label: { whiteSpace: "normal", overflow: "visible" }, inner: { height: "auto" } }}
                >
                  <Stack gap={4} align="center">
                    <Text fw={800} fz="xl" lh={1}>
                      {g} · {t(`grade.${g}.name`)}
                    </Text>
                    <Text fz="sm" ta="center" lh={1.3} data-testid={`grade-${g}-meaning`}>
                      {t(`grade.${g}.meaning`)}
                    </Text>
                  </Stack>
                </Button>
              );
            })}
          </SimpleGrid>
        </Input.Wrapper>

        <Input.Wrapper label={t("fields.interests")} size="lg" labelElement="div" error={errors.interests}>
          <Group gap="xs" mt="xs">
            {interestTags.map((tag) => {
              const on = values.interests.includes(tag);
              return (
                <Button
                  key={tag}
                  type="button"
                  radius="xl"
                  size="md"
                  mih={48}
                  variant={on ? "filled" : "default"}
                  aria-pressed={on}
                  data-testid={`interest-${tag}`}
                  onClick={() => toggleInterest(tag)}
                >
                  {on ? "✓ " : ""}
                  {tag}
                </Button>
              );
            })}
            <Group gap={4} wrap="nowrap">
              <TextInput
                name="new_interest"
                aria-label={t("capture.addInterest")}
                placeholder={t("capture.addInterestPlaceholder")}
                value={newInterest}
                onChange={(e) => setNewInterest(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && !e.nativeEvent.isComposing) {
                    e.preventDefault();
                    addInterest();
                  }
                }}
                w={200}
                autoComplete="off"
              />
              <Button type="button" variant="light" onClick={addInterest} disabled={!newInterest.trim()}>
                {t("capture.add")}
              </Button>
            </Group>
          </Group>
        </Input.Wrapper>

        <Textarea
          {...form.getInputProps("key_needs")}
          name="key_needs"
          dir="auto"
          label={t("fields.key_needs")}
          description={t("capture.keyNeedsHint")}
          error={errors.key_needs}
          autosize
          minRows={3}
          maxRows={8}
        />

        <NativeSelect
          {...form.getInputProps("next_action")}
          name="next_action"
          label={t("fields.next_action")}
          withAsterisk={required.has("next_action")}
          error={errors.next_action}
          data={[
            { value: "", label: t("nextAction.none") },
            ...event.form.next_actions.map((a) => ({ value: a, label: t(`nextAction.${a}`) })),
          ]}
          onKeyDown={(e) => {
            // The last field: Enter saves, as in the text fields above.
            if (e.key === "Enter") {
              e.preventDefault();
              submit(false);
            }
          }}
        />

        <Input.Wrapper label={t("attachments.title")} size="lg" labelElement="div">
          {!editing && (
            <Stack gap="xs" mb="sm">
              <Group gap="md">
                <BadgePhotoInput onPick={(file) => void scanPhoto(file)} disabled={busy || recording || taking || !!held} reading={readingPhoto} />
                <Text size="sm" c="dimmed">
                  {t("scanner.photoHint")}
                </Text>
              </Group>
              {photoResult && "noCode" in photoResult && (
                <Text fw={600} role="status" data-testid="badge-photo-none">
                  {t("scanner.photoNoCode")}
                </Text>
              )}
              {photoResult && "error" in photoResult && (
                <Text c="red.8" fw={600} role="alert" data-testid="badge-photo-error">
                  {uploadErrorText(t, photoResult.error)}
                </Text>
              )}
            </Stack>
          )}
          <AttachmentPicker
            items={queue.items}
            onAdd={queue.add}
            onRemove={removePending}
            disabled={busy}
            progress={queue.progress}
            hint={recording ? t("attachments.stopBeforeSaving") : t("attachments.savedWithLead")}
            onRecordingChange={setRecording}
            onRetry={held ? retryAttachments : undefined}
            failureNote={held ? t("attachments.leadIsSaved") : undefined}
            failureActions={
              held && !editing ? (
                <Button type="button" variant="default" onClick={startNextLead} data-testid="next-lead">
                  {t("attachments.nextLead")}
                </Button>
              ) : undefined
            }
          />
        </Input.Wrapper>

        <Group>
          <Button type="submit" color="green" loading={busy} disabled={recording} data-testid="save-lead">
            {editingDraft ? t("capture.saveComplete") : t("capture.save")}
          </Button>
          {canDraft && (
            <Button type="button" variant="default" disabled={busy || recording} onClick={() => submit(true)} data-testid="save-draft">
              {editingDraft ? t("capture.keepDraft") : t("capture.saveDraft")}
            </Button>
          )}
          {onCancel && (
            <Button type="button" variant="subtle" onClick={onCancel} data-testid="cancel-edit">
              {t("common.cancel")}
            </Button>
          )}
          <Text c="dimmed" size="sm">
            {t("capture.shortcuts")}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
