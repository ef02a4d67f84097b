//! Picks photos (business card, person, drawing) and records voice memos. What is picked
//! stays pending — thumbnail or player, with a remove button — until the parent uploads it;
//! an item whose upload failed shows why, and the parent may offer Retry.
import { Alert, Box, Button, Card, Center, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { type ChangeEvent, type ReactNode, useCallback, useId, useState, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../components/format";
import {
  PHOTO_ACCEPT,
  PHOTO_KINDS,
  type PendingAttachment,
  pendingAttachment,
  type PhotoKind,
  type UploadProgress,
  uploadErrorText,
} from "./upload";
import { useBlobSrc } from "./useBlobSrc";
import { MAX_RECORDING_SECONDS, type RecorderError, useVoiceRecorder } from "./useVoiceRecorder";

export type AttachmentPickerProps = {
  items: readonly PendingAttachment[];
  onAdd: (items: PendingAttachment[]) => void;
  onRemove: (key: string) => void;
  /** While saving: nothing can be picked or removed. */
  disabled?: boolean;
  /** The upload under way, shown as "Saving photos 1/2". */
  progress?: UploadProgress | null;
  /** Offered when some items failed to upload. */
  onRetry?: () => void;
  /** Says what failed uploads mean here (e.g. that the lead itself is saved). */
  failureNote?: string;
  /** More buttons next to Retry. */
  failureActions?: ReactNode;
  /** A line under the controls, e.g. when the items will be saved. */
  hint?: string;
  /** Told when a voice memo starts or stops recording, so the form can hold its save. */
  onRecordingChange?: (recording: boolean) => void;
};

const RECORDER_ERRORS: Record<RecorderError, string> = {
  denied: "attachments.micDenied",
  no_device: "attachments.micMissing",
  busy: "attachments.micBusy",
  failed: "attachments.micFailed",
};

export function AttachmentPicker({ items, onAdd, onRemove, disabled = false, progress, onRetry, failureNote, failureActions, hint, onRecordingChange }: AttachmentPickerProps) {
  const { t } = useTranslation();
  const [photoKind, setPhotoKind] = useState<PhotoKind>("card");
  const recorder = useVoiceRecorder((memo) => onAdd([pendingAttachment("voice", memo)]));
  const recording = recorder.state !== "idle";
  useEffect(() => onRecordingChange?.(recording), [recording, onRecordingChange]);
  const voiceNoteId = useId();
  const failed = items.filter((i) => i.error !== undefined);

  const pickPhotos = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])];
    // Let the same file be picked again after it was removed.
    e.currentTarget.value = "";
    if (files.length) onAdd(files.map((f) => pendingAttachment(photoKind, f, f.name)));
  };

  return (
    <Paper withBorder p="md" data-testid="attachment-picker">
      <Stack gap="md">
        <Stack gap={6}>
          <Group align="flex-end" gap="md">
            <NativeSelect
              label={t("attachments.photoKind")}
              data-testid="photo-kind"
              value={photoKind}
              disabled={disabled}
              onChange={(e) => setPhotoKind(e.currentTarget.value as PhotoKind)}
              data={PHOTO_KINDS.map((k) => ({ value: k, label: t(`attachments.kind.${k}`) }))}
            />
            <Box className="file-pick">
              {/* The visible button is decoration: the file input lies over it, transparent but
                  displayed, so a click, a tap, the keyboard and WebDriver all reach the input. */}
              <Button component="span" variant="light" className="file-pick-button" aria-hidden disabled={disabled}>
                {t("attachments.addPhoto")}
              </Button>
              <input
                type="file"
                accept={PHOTO_ACCEPT}
                multiple
                capture="environment"
                data-testid="photo-input"
                aria-label={t("attachments.addPhotoOf", { kind: t(`attachments.kind.${photoKind}`) })}
                disabled={disabled}
                onChange={pickPhotos}
                className="file-pick-input"
              />
            </Box>
            <VoiceControl recorder={recorder} disabled={disabled} noteId={voiceNoteId} />
          </Group>
          <VoiceNote recorder={recorder} id={voiceNoteId} />
        </Stack>

        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}

        {progress && (
          <Group gap="sm" role="status" data-testid="upload-progress">
            <Loader size="sm" />
            <Text fw={600}>
              {t(progress.photosOnly ? "attachments.uploadingPhotos" : "attachments.uploading", { current: progress.current, total: progress.total })}
            </Text>
          </Group>
        )}

        {failed.length > 0 && !progress && (
          <Alert color="red" variant="light" title={t("attachments.failedTitle", { count: failed.length })} data-testid="upload-failed">
            <Stack gap="sm">
              {failureNote && <Text>{failureNote}</Text>}
              <Group>
                {onRetry && (
                  <Button type="button" color="red" onClick={onRetry} disabled={disabled} data-testid="retry-uploads">
                    {t("attachments.retry")}
                  </Button>
                )}
                {failureActions}
              </Group>
            </Stack>
          </Alert>
        )}

        {items.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            {items.map((item) => (
              <PendingItem key={item.key} item={item} disabled={disabled} onRemove={onRemove} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

type Recorder = ReturnType<typeof useVoiceRecorder>;

/** "Record voice memo", or while recording: red dot, "Recording", mm:ss and Stop. */
function VoiceControl({ recorder, disabled, noteId }: { recorder: Recorder; disabled: boolean; noteId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (recorder.state === "recording") {
    return (
      <Group gap="sm" wrap="nowrap" data-testid="voice-recording">
        <Group gap={6} wrap="nowrap" role="status">
          <span className="rec-dot" aria-hidden />
          <Text fw={700} c="red.8">
            {t("attachments.recording")}
          </Text>
        </Group>
        <Text fw={700} ff="monospace" dir="ltr" data-testid="voice-elapsed">
          {fmt.clock(recorder.elapsed)} / {fmt.clock(MAX_RECORDING_SECONDS)}
        </Text>
        <Button type="button" color="red" onClick={recorder.stop} data-testid="stop-voice">
          {t("attachments.stopVoice")}
        </Button>
      </Group>
    );
  }
  return (
    <Button
      type="button"
      variant="light"
      color="red"
      onClick={() => void recorder.start()}
      loading={recorder.state === "starting"}
      disabled={disabled || !recorder.supported}
      aria-describedby={noteId}
      data-testid="record-voice"
    >
      {t("attachments.recordVoice")}
    </Button>
  );
}

/** Under the controls: why recording is impossible, why it failed, or how long a memo may be. */
function VoiceNote({ recorder, id }: { recorder: Recorder; id: string }) {
  const { t } = useTranslation();
  if (!recorder.supported) {
    return (
      <Text size="sm" c="dimmed" id={id} data-testid="voice-unsupported">
        {t("attachments.noRecorder")}
      </Text>
    );
  }
  if (recorder.error) {
    return (
      <Text size="sm" c="red.8" fw={600} id={id} role="alert" data-testid="voice-error">
        {t(RECORDER_ERRORS[recorder.error])}
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed" id={id}>
      {t("attachments.maxLength")}
    </Text>
  );
}

function PendingItem({ item, disabled, onRemove }: { item: PendingAttachment; disabled: boolean; onRemove: (key: string) => void }) {
  const { t } = useTranslation();
  const kind = t(`attachments.kind.${item.kind}`);
  const label = item.name ? `${kind} · ${item.name}` : kind;
  const remove = useCallback(() => onRemove(item.key), [onRemove, item.key]);
  return (
    <Card withBorder padding="sm" data-testid="pending-attachment" data-kind={item.kind} data-failed={item.error !== undefined || undefined}>
      <Stack gap="xs">
        {item.kind === "voice" ? <PendingAudio blob={item.blob} label={label} /> : <PendingPhoto blob={item.blob} label={label} />}
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={600} truncate="end" dir="auto" title={label} style={{ flex: 1, minWidth: 0 }}>
            {label}
          </Text>
          <Button
            type="button"
            variant="subtle"
            color="red"
            px="sm"
            style={{ flexShrink: 0 }}
            onClick={remove}
            disabled={disabled}
            aria-label={t("attachments.removeItem", { name: label })}
            data-testid="remove-pending"
          >
            {t("attachments.remove")}
          </Button>
        </Group>
        {item.error !== undefined && (
          <Text size="sm" c="red.8" fw={600} data-testid="pending-error">
            {uploadErrorText(t, item.error)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function PendingPhoto({ blob, label }: { blob: Blob; label: string }) {
  const { t } = useTranslation();
  const src = useBlobSrc<HTMLImageElement>(blob);
  // Not a picture the webview can show (a renamed file, say): no broken-image icon; the
  // backend's check will say what is wrong with it when it is saved.
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <Center className="attachment-thumb attachment-thumb-empty" data-testid="pending-no-preview">
        <Text size="sm" c="dimmed" ta="center" px="xs">
          {t("attachments.noPreview")}
        </Text>
      </Center>
    );
  }
  return <img ref={src} alt={label} className="attachment-thumb" data-testid="pending-thumbnail" onError={() => setBroken(true)} />;
}

function PendingAudio({ blob, label }: { blob: Blob; label: string }) {
  const src = useBlobSrc<HTMLAudioElement>(blob);
  return <audio ref={src} controls preload="metadata" aria-label={label} style={{ width: "100%" }} data-testid="pending-audio" />;
}
