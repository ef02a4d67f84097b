//! TanStack Query hooks for a lead's attachments: the list under ["attachments", leadId],
//! and each file's bytes (immutable, so fetched once) as a Blob of the attachment's type.
import { useQuery } from "@tanstack/react-query";
import { commands, type Attachment } from "../../ipc";

export const attachmentKeys = {
  list: (leadId: string) => ["attachments", leadId] as const,
  data: (id: string) => ["attachment-data", id] as const,
};

export function useAttachments(leadId: string) {
  return useQuery({ queryKey: attachmentKeys.list(leadId), queryFn: () => commands.attachmentsList(leadId) });
}

/** The file itself; rejects when it is missing or fails its hash check (a damaged file). */
export function useAttachmentData(attachment: Pick<Attachment, "id" | "mime">) {
  return useQuery({
    queryKey: attachmentKeys.data(attachment.id),
    queryFn: async () => new Blob([await commands.attachmentsGet(attachment.id)], { type: attachment.mime }),
    // Content-addressed: the bytes behind an id never change.
    staleTime: Infinity,
  });
}
