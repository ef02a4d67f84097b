//! The materials library: the content pack every laptop carries (brochures, pictures, videos,
//! Markdown pages), searched by title, tags and page text, filtered by language and kind, and
//! opened full screen. "Download everything" fetches the pack from the company endpoint with a
//! progress bar; "Import from folder/zip" takes it from a USB stick (the dialog opens in Rust).
//! Opened from a lead (`#/materials?lead=<id>`), what is shown is recorded on that lead.
//! Managers and marketing also edit the show's kiosk attract loop here (PlaylistEditor).
import { Badge, Button, Card, Center, Group, Paper, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert, validationFields } from "../../components/errors";
import { commands, materialUrl, onMaterialsProgress, type DownloadProgress, type Material, type MaterialKind } from "../../ipc";
import { useSession } from "../session/queries";
import { PlaylistEditor } from "./PlaylistEditor";
import { Presenter } from "./Presenter";

const KINDS: MaterialKind[] = ["pdf", "image", "video", "markdown"];

function Thumbnail({ m }: { m: Material }) {
  const { t } = useTranslation();
  if (m.kind === "image") {
    return <img src={materialUrl(m.sha256)} alt="" loading="lazy" style={{ display: "block", width: "100%", height: 140, objectFit: "cover", borderRadius: 4 }} />;
  }
  // No <video> preview: WebKitGTK cannot load one from our scheme (see media.ts), and loading
  // every video's bytes for a thumbnail would be too much.
  if (m.kind === "video") {
    return (
      <Center h={140} bg="dark.6" style={{ borderRadius: 4 }}>
        <Text fw={800} fz={32} c="white">
          ▶ {t("materials.kind.video")}
        </Text>
      </Center>
    );
  }
  return (
    <Center h={140} bg={m.kind === "pdf" ? "red.1" : "blue.1"} style={{ borderRadius: 4 }}>
      <Text fw={800} fz={32} c={m.kind === "pdf" ? "red.8" : "blue.8"}>
        {t(`materials.kind.${m.kind}`)}
      </Text>
    </Center>
  );
}

function percent(p: DownloadProgress): number {
  return p.bytes_total > 0 ? Math.min(100, (100 * p.bytes_done) / p.bytes_total) : p.files_total > 0 ? (100 * p.files_done) / p.files_total : 0;
}

export function MaterialsPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const leadId = params.get("lead");
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<string | null>(null);
  const [kind, setKind] = useState<MaterialKind | null>(null);
  const [open, setOpen] = useState<Material | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);

  const pack = useQuery({ queryKey: ["materials", "pack"], queryFn: () => commands.materialsPack() });
  const all = useQuery({ queryKey: ["materials", "list", ""], queryFn: () => commands.materialsList({ text: "", language: null, kind: null }) });
  const list = useQuery({
    queryKey: ["materials", "list", text, language, kind],
    queryFn: () => commands.materialsList({ text, language, kind }),
    placeholderData: (previous) => previous,
  });
  const session = useSession();
  const role = session.data?.user?.role;
  const showId = session.data?.event?.id;
  const lead = useQuery({ queryKey: ["leads", "get", leadId], queryFn: () => commands.leadsGet(leadId as string), enabled: Boolean(leadId) });

  useEffect(() => onMaterialsProgress(setProgress), []);

  const refresh = () => void client.invalidateQueries({ queryKey: ["materials"] });
  const download = useMutation({
    mutationFn: () => commands.materialsDownload(),
    onMutate: () => setProgress(null),
    onSettled: refresh,
  });
  const importFolder = useMutation({ mutationFn: () => commands.materialsImportFolder(), onSettled: refresh });
  const importZip = useMutation({ mutationFn: () => commands.materialsImportZip(), onSettled: refresh });
  const busy = download.isPending || importFolder.isPending || importZip.isPending;
  const error = download.error ?? importFolder.error ?? importZip.error;

  const languages = [...new Set((all.data ?? []).map((m) => m.language))].map((l) => ({
    value: l,
    label: new Intl.DisplayNames([i18n.language], { type: "language" }).of(l) ?? l,
  }));
  const items = list.data ?? [];

  return (
    <Stack maw={1200} data-testid="materials-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1}>{t("materials.title")}</Title>
          <Text c="dimmed" data-testid="materials-pack">
            {pack.data
              ? t("materials.packInfo", { version: pack.data.version, count: pack.data.items })
              : t("materials.noPack")}
          </Text>
        </Stack>
        <Group>
          <Button size="lg" onClick={() => download.mutate()} loading={download.isPending} disabled={busy} data-testid="materials-download">
            {t("materials.downloadAll")}
          </Button>
          <Button size="lg" variant="default" onClick={() => importFolder.mutate()} disabled={busy} data-testid="materials-import-folder">
            {t("materials.importFolder")}
          </Button>
          <Button size="lg" variant="default" onClick={() => importZip.mutate()} disabled={busy} data-testid="materials-import-zip">
            {t("materials.importZip")}
          </Button>
        </Group>
      </Group>

      {download.isPending && progress && (
        <Stack gap={4} data-testid="materials-progress">
          <Progress value={percent(progress)} size="xl" aria-label={t("materials.downloading")} />
          <Text size="sm">{t("materials.progress", { done: progress.files_done, total: progress.files_total })}</Text>
        </Stack>
      )}
      <ErrorAlert error={error} fields={validationFields(error)} />

      {leadId && (
        <Paper withBorder p="sm" bg="blue.0" data-testid="materials-for-lead">
          <Group justify="space-between">
            <Text fw={600} dir="auto">
              {t("materials.forLead", { name: lead.data?.name || lead.data?.company || "…" })}
            </Text>
            <Button component={Link} to={`/leads/${leadId}`} variant="subtle" size="md">
              {t("materials.backToLead")}
            </Button>
          </Group>
        </Paper>
      )}

      <Group align="flex-end">
        <TextInput
          label={t("materials.search")}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          size="md"
          style={{ flex: 1, minWidth: 220 }}
          data-testid="materials-search"
        />
        <Select
          label={t("materials.language")}
          placeholder={t("materials.allLanguages")}
          data={languages}
          value={language}
          onChange={setLanguage}
          clearable
          size="md"
          data-testid="materials-language"
        />
        <Select
          label={t("materials.kindLabel")}
          placeholder={t("materials.allKinds")}
          data={KINDS.map((k) => ({ value: k, label: t(`materials.kind.${k}`) }))}
          value={kind}
          onChange={setKind}
          clearable
          size="md"
          data-testid="materials-kind"
        />
      </Group>

      {list.error ? <ErrorAlert error={list.error} /> : null}
      {items.length === 0 && !list.isPending ? (
        <Text c="dimmed" data-testid="materials-empty">
          {pack.data ? t("materials.noMatch") : t("materials.emptyHint")}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} data-testid="materials-grid">
          {items.map((m) => (
            <Card
              key={m.id}
              withBorder
              padding="sm"
              component="button"
              type="button"
              onClick={() => setOpen(m)}
              style={{ textAlign: "start", cursor: "pointer", minHeight: 48 }}
              data-testid={`material-${m.id}`}
            >
              <Card.Section>
                <Thumbnail m={m} />
              </Card.Section>
              <Text fw={700} mt="sm" lineClamp={2} dir="auto" lang={m.language}>
                {m.title}
              </Text>
              <Group gap={4} mt={4}>
                <Badge variant="light">{t(`materials.kind.${m.kind}`)}</Badge>
                <Badge variant="outline" color="gray">
                  {m.language}
                </Badge>
                {m.tags.slice(0, 3).map((tag) => (
                  <Badge key={tag} variant="dot" color="gray" dir="auto">
                    {tag}
                  </Badge>
                ))}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {showId && (role === "manager" || role === "marketing") && pack.data && <PlaylistEditor eventId={showId} materials={all.data ?? []} />}
      {open && <Presenter material={open} leadId={leadId} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
