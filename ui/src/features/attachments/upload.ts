//! Photos and voice memos waiting to be saved with a lead, and the upload that sends them
//! one after another. A failed item stays pending with its error so nothing picked is lost;
//! an item that was saved leaves the list.
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useCallback, useRef, useState } from "react";
import { describe, validationFields, fieldErrorText } from "../../components/errors";
import { commands, type Attachment, type AttachmentKind } from "../../ipc";
import { attachmentKeys } from "./queries";

export type PhotoKind = Exclude<AttachmentKind, "voice">;
export const PHOTO_KINDS: readonly PhotoKind[] = ["card", "person", "drawing"];

/** Only these are offered in the file picker; the backend still checks the bytes. */
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp";

export type PendingAttachment = {
  /** Stable React key, unique in this window. */
  key: string;
  kind: AttachmentKind;
  blob: Blob;
  /** The picked file's name; empty for a recording. */
  name: string;
  /** Why the last upload of this item failed, if it did. */
  error?: unknown;
};

let seq = 0;

export function pendingAttachment(kind: AttachmentKind, blob: Blob, name = ""): PendingAttachment {
  seq += 1;
  return { key: `pending-${seq}`, kind, blob, name };
}

/** Sends one item's bytes; rejects with a `LeadTrackError` when the backend refuses them. */
export async function uploadAttachment(leadId: string, item: Pick<PendingAttachment, "kind" | "blob">): Promise<Attachment> {
  const data = new Uint8Array(await item.blob.arrayBuffer());
  return commands.attachmentsAdd(leadId, item.kind, data);
}

/** Why an upload failed, in the reader's language (by the backend's code; its message is the fallback). */
export function uploadErrorText(t: TFunction, error: unknown): string {
  const field = validationFields(error)[0];
  return field ? fieldErrorText(t, field) : describe(t, error);
}

export type UploadProgress = { current: number; total: number; photosOnly: boolean };
export type UploadResult = { uploaded: number; failed: number };

/**
 * The pending items of one picker and the upload that empties it. `upload` sends a batch in
 * order, after any batch still going, and never rejects: each failure is recorded on its
 * item, and the caller learns how many went through.
 */
export function useAttachmentQueue() {
  const qc = useQueryClient();
  const [items, setItems] = useState<PendingAttachment[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  // Batches asked for and not finished: "uploading" from the click on, not from the first byte.
  const [running, setRunning] = useState(0);
  // Keys still pending, read by an upload that runs later than the render that started it:
  // an item removed (or already saved by an earlier batch) meanwhile is not sent.
  const live = useRef(new Set<string>());
  // One upload at a time: a memo finished while photos are still going waits its turn.
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const add = useCallback((more: PendingAttachment[]) => {
    for (const item of more) live.current.add(item.key);
    setItems((cur) => [...cur, ...more]);
  }, []);
  const remove = useCallback((key: string) => {
    live.current.delete(key);
    setItems((cur) => cur.filter((i) => i.key !== key));
  }, []);
  const clear = useCallback(() => {
    live.current.clear();
    setItems([]);
  }, []);

  const send = useCallback(
    async (leadId: string, batch: readonly PendingAttachment[]): Promise<UploadResult> => {
      const result: UploadResult = { uploaded: 0, failed: 0 };
      const todo = batch.filter((i) => live.current.has(i.key));
      const photosOnly = todo.every((i) => i.kind !== "voice");
      const setError = (key: string, error: unknown) => setItems((cur) => cur.map((i) => (i.key === key ? { ...i, error } : i)));
      for (const [index, item] of todo.entries()) {
        if (!live.current.has(item.key)) continue; // removed while the ones before it were sent
        setProgress({ current: index + 1, total: todo.length, photosOnly });
        setError(item.key, undefined);
        try {
          await uploadAttachment(leadId, item);
          result.uploaded += 1;
          remove(item.key);
        } catch (error) {
          result.failed += 1;
          setError(item.key, error);
        }
      }
      setProgress(null);
      if (result.uploaded > 0) await qc.invalidateQueries({ queryKey: attachmentKeys.list(leadId), exact: true });
      return result;
    },
    [qc, remove],
  );

  const upload = useCallback(
    (leadId: string, batch: readonly PendingAttachment[]): Promise<UploadResult> => {
      setRunning((n) => n + 1);
      const run = chain.current.then(() => send(leadId, batch)).finally(() => setRunning((n) => n - 1));
      chain.current = run.catch(() => undefined);
      return run;
    },
    [send],
  );

  const failed = items.filter((i) => i.error !== undefined);
  return { items, failed, add, remove, clear, upload, progress, uploading: running > 0 };
}

export type AttachmentQueue = ReturnType<typeof useAttachmentQueue>;
