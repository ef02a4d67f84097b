//! The lead detail's "Photos and voice memos": what is saved, and a picker that saves each
//! new photo or memo at once (the lead already exists). Failures stay pending with Retry.
import { Card, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AttachmentGallery } from "./AttachmentGallery";
import { AttachmentPicker } from "./AttachmentPicker";
import { useAttachmentQueue } from "./upload";

export type AttachmentsSectionProps = {
  leadId: string;
  /** False while the capture form is open: its own picker saves with the lead then. */
  canAdd?: boolean;
};

export function AttachmentsSection({ leadId, canAdd = true }: AttachmentsSectionProps) {
  const { t } = useTranslation();
  const queue = useAttachmentQueue();
  return (
    <Card withBorder padding="lg" data-testid="attachments">
      <Stack>
        <Title order={3}>{t("attachments.title")}</Title>
        <AttachmentGallery leadId={leadId} />
        {canAdd && (
          <AttachmentPicker
            items={queue.items}
            disabled={queue.uploading}
            progress={queue.progress}
            hint={t("attachments.savedAtOnce")}
            onAdd={(items) => {
              queue.add(items);
              void queue.upload(leadId, items);
            }}
            onRemove={queue.remove}
            onRetry={() => void queue.upload(leadId, queue.failed)}
          />
        )}
      </Stack>
    </Card>
  );
}
