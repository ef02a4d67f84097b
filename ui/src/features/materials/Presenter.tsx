//! One material full screen: a PDF page by page (pdf.js), an image, a video (with controls; from
//! a blob on Linux, see media.ts), or a Markdown page
//! (HTML the backend rendered and sanitised, turned into elements by `SafeHtml`). "Show QR" puts its public URL up large for the visitor's phone; opened for a
//! lead, it is recorded as shown, and "Add to this lead's follow-up" records it as shared.
import { Alert, Box, Button, Center, Group, Loader, Modal, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { commands, materialUrl, type Material } from "../../ipc";
import { QrCode } from "../../kiosk/QrCode";
import { useVideoUrl } from "./media";
import type { PdfDocument } from "./pdf";
import { SafeHtml } from "./SafeHtml";

/** PDFs larger than this load by ranges. */
export const RANGES_FROM = 4 * 1024 * 1024;

function PdfView({ material }: { material: Material }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    // A large PDF a range at a time (its first page shows without the whole file loaded); a
    // small one whole, checked against its hash.
    const open =
      material.bytes > RANGES_FROM
        ? import("./pdf").then((pdf) => pdf.openPdfRanges(material.bytes, (offset, length) => commands.materialsFileRange(material.id, offset, length)))
        : Promise.all([commands.materialsFile(material.id), import("./pdf")]).then(([data, pdf]) => pdf.openPdf(data));
    open
      .then((d) => {
        opened = d;
        if (live) setDoc(d);
        else d.destroy();
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [material.id, material.bytes]);

  useEffect(() => {
    if (!doc || !canvas.current || !box.current) return;
    const { clientWidth, clientHeight } = box.current;
    doc.render(page, canvas.current, clientWidth || 800, clientHeight || 600).then(
      () => canvas.current?.setAttribute("data-page", String(page)),
      (e: unknown) => setError(e),
    );
  }, [doc, page]);

  if (error) return <ErrorAlert error={error} />;
  return (
    <Stack h="100%" gap="xs">
      <Box ref={box} style={{ flex: 1, minHeight: 0, display: "flex", justifyContent: "center" }}>
        {doc ? <canvas ref={canvas} data-testid="pdf-canvas" aria-label={material.title} /> : <Loader m="auto" />}
      </Box>
      {doc && doc.pages > 1 && (
        <Group justify="center">
          <Button size="lg" variant="default" disabled={page <= 1} onClick={() => setPage((p) => p - 1)} data-testid="pdf-prev">
            {t("materials.prevPage")}
          </Button>
          <Text data-testid="pdf-page">{t("materials.pageOf", { page, pages: doc.pages })}</Text>
          <Button size="lg" variant="default" disabled={page >= doc.pages} onClick={() => setPage((p) => p + 1)} data-testid="pdf-next">
            {t("materials.nextPage")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function MarkdownView({ material }: { material: Material }) {
  const page = useQuery({ queryKey: ["materials", "page", material.id], queryFn: () => commands.materialsPage(material.id) });
  if (page.error) return <ErrorAlert error={page.error} />;
  if (!page.data) return <Loader m="auto" />;
  return (
    <Box maw={860} mx="auto" fz="xl" dir="auto" lang={material.language} data-testid="markdown-page" style={{ overflowY: "auto", height: "100%" }}>
      <SafeHtml html={page.data} />
    </Box>
  );
}

function VideoView({ material }: { material: Material }) {
  const video = useVideoUrl(material.sha256, material.mime, () => commands.materialsFile(material.id));
  const element = useRef<HTMLVideoElement>(null);
  // It starts at once; where the webview will not start a video with sound by itself, muted
  // (the controls unmute it).
  useEffect(() => {
    const v = element.current;
    if (!v || !video.url) return;
    v.play().catch(() => {
      v.muted = true;
      v.play().catch(() => {});
    });
  }, [video.url]);
  if (video.error) return <ErrorAlert error={video.error} />;
  if (!video.url) return <Loader m="auto" />;
  return (
    <Center h="100%">
      <video ref={element} src={video.url} controls playsInline style={{ maxWidth: "100%", maxHeight: "100%" }} aria-label={material.title} data-testid="presenter-video" />
    </Center>
  );
}

function Body({ material }: { material: Material }) {
  switch (material.kind) {
    case "pdf":
      return <PdfView material={material} />;
    case "image":
      return (
        <Center h="100%">
          <img src={materialUrl(material.sha256)} alt={material.title} style={{ maxWidth: "100%", maxHeight: "100%", objectFit: "contain" }} data-testid="presenter-image" />
        </Center>
      );
    case "video":
      return <VideoView material={material} />;
    case "markdown":
      return <MarkdownView material={material} />;
  }
}

export function Presenter({ material, leadId, onClose }: { material: Material; leadId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [qr, setQr] = useState(false);
  const record = useMutation({
    mutationFn: (shared: boolean) => commands.materialsRecord(leadId as string, material.id, shared),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["leads"] }),
  });
  const [shared, setShared] = useState(false);
  const { mutate } = record;
  const recorded = useRef<string | null>(null);

  // Opened while a lead is current: "shown", once per opening (the ref survives StrictMode's re-run).
  useEffect(() => {
    if (!leadId || recorded.current === material.id) return;
    recorded.current = material.id;
    mutate(false);
  }, [leadId, material.id, mutate]);

  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      withCloseButton={false}
      padding="md"
      title={null}
      data-testid="presenter"
      styles={{ body: { height: "100%", display: "flex", flexDirection: "column" } }}
    >
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} dir="auto" lineClamp={1} data-testid="presenter-title">
          {material.title}
        </Title>
        <Group wrap="nowrap">
          {material.public_url && (
            <Button size="lg" variant={qr ? "filled" : "light"} onClick={() => setQr((v) => !v)} data-testid="presenter-qr">
              {qr ? t("materials.hideQr") : t("materials.showQr")}
            </Button>
          )}
          {leadId && (
            <Button
              size="lg"
              variant="light"
              disabled={shared}
              loading={record.isPending && record.variables}
              onClick={() => record.mutate(true, { onSuccess: () => setShared(true) })}
              data-testid="presenter-share"
            >
              {shared ? t("materials.addedToFollowUp") : t("materials.addToFollowUp")}
            </Button>
          )}
          <Button size="lg" variant="default" onClick={onClose} data-testid="presenter-close">
            {t("materials.close")}
          </Button>
        </Group>
      </Group>
      {record.error ? <ErrorAlert error={record.error} /> : null}
      <Box style={{ flex: 1, minHeight: 0 }}>
        {qr && material.public_url ? (
          <Center h="100%">
            <Stack align="center">
              <QrCode value={material.public_url} size={480} label={t("materials.qrLabel", { title: material.title })} testId="material-qr" />
              <Text size="lg" dir="ltr">
                {material.public_url}
              </Text>
            </Stack>
          </Center>
        ) : (
          <Body material={material} />
        )}
      </Box>
      {shared && (
        <Alert color="green" mt="sm" data-testid="presenter-shared">
          {t("materials.sharedNote")}
        </Alert>
      )}
    </Modal>
  );
}
