//! A lead's saved photos and voice memos. Photos open large in a modal; a file that is
//! missing or damaged says so in its own card instead of showing a broken image.
import { Alert, Card, Loader, Modal, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import type { Attachment } from "../../ipc";
import { useAttachmentData, useAttachments } from "./queries";
import { useBlobSrc } from "./useBlobSrc";

export function AttachmentGallery({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const list = useAttachments(leadId);
  if (list.isPending) return <Loader />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (list.data.length === 0) {
    return (
      <Text c="dimmed" data-testid="attachments-empty">
        {t("attachments.none")}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
      {list.data.map((a) => (
        <GalleryItem key={a.id} attachment={a} />
      ))}
    </SimpleGrid>
  );
}

function GalleryItem({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const data = useAttachmentData(attachment);
  const [large, setLarge] = useState(false);
  const kind = t(`attachments.kind.${attachment.kind}`);
  const when = fmt.dateTime(attachment.created_at);

  return (
    <Card withBorder padding="sm" data-testid="attachment" data-kind={attachment.kind}>
      <Stack gap="xs">
        {data.isPending && <Loader size="sm" />}
        {data.isError && (
          <Alert color="red" variant="light" data-testid="attachment-damaged">
            {t("attachments.damaged")}
          </Alert>
        )}
        {data.isSuccess &&
          (attachment.kind === "voice" ? (
            <SavedAudio blob={data.data} label={`${kind} · ${when}`} />
          ) : (
            <>
              <UnstyledButton
                onClick={() => setLarge(true)}
                aria-label={t("attachments.enlarge", { kind })}
                className="attachment-open"
                data-testid="attachment-open"
              >
                <SavedPhoto blob={data.data} alt={kind} className="attachment-thumb" />
              </UnstyledButton>
              <Modal opened={large} onClose={() => setLarge(false)} title={`${kind} · ${when}`} size="auto" centered closeButtonProps={{ "aria-label": t("common.close") }}>
                {large && <SavedPhoto blob={data.data} alt={kind} className="attachment-large" testId="attachment-large" />}
              </Modal>
            </>
          ))}
        <Text size="sm" fw={600}>
          {kind}
        </Text>
        <Text size="sm" c="dimmed">
          {when}
        </Text>
      </Stack>
    </Card>
  );
}

function SavedPhoto({ blob, alt, className, testId }: { blob: Blob; alt: string; className: string; testId?: string }) {
  const { t } = useTranslation();
  const src = useBlobSrc<HTMLImageElement>(blob);
  // The bytes matched their hash but the webview cannot draw them: say so, no broken icon.
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <Alert color="red" variant="light" data-testid="attachment-damaged">
        {t("attachments.damaged")}
      </Alert>
    );
  }
  return <img ref={src} alt={alt} className={className} data-testid={testId} onError={() => setBroken(true)} />;
}

function SavedAudio({ blob, label }: { blob: Blob; label: string }) {
  const src = useBlobSrc<HTMLAudioElement>(blob);
  return <audio ref={src} controls preload="metadata" aria-label={label} style={{ width: "100%" }} />;
}
