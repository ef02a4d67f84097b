//! The kiosk's attract loop for the current show, edited by managers and marketing: items of
//! the pack in order (arrows or drag to move), seconds each (a video plays to its end), and how
//! long the kiosk waits idle before it starts. Edits are a draft until "Save".
import { ActionIcon, Alert, Badge, Button, Group, NumberInput, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, fieldErrorText, validationFields } from "../../components/errors";
import { commands, type KioskPlaylist, type Material } from "../../ipc";

export const DEFAULT_SLIDE_SECONDS = 8;

function move<T>(list: T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

export function PlaylistEditor({ eventId, materials }: { eventId: string; materials: Material[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ["materials", "playlist", eventId];
  const saved = useQuery({ queryKey: key, queryFn: () => commands.materialsPlaylistGet(eventId) });
  // The person's edits since the last save; `null`: showing what is saved.
  const [edits, setEdits] = useState<KioskPlaylist | null>(null);
  const draft = edits ?? saved.data ?? null;
  const [pick, setPick] = useState<string | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (p: KioskPlaylist) => commands.materialsPlaylistSet(eventId, p),
    onSuccess: (p) => {
      client.setQueryData(key, p);
      setEdits(null);
    },
  });

  if (saved.error) return <ErrorAlert error={saved.error} />;
  if (!draft) return null;
  const byId = new Map(materials.map((m) => [m.id, m]));
  const dirty = edits !== null && JSON.stringify(edits) !== JSON.stringify(saved.data);
  const change = (p: KioskPlaylist) => {
    save.reset();
    setEdits(p);
  };
  const setItems = (items: KioskPlaylist["items"]) => change({ ...draft, items });
  const available = materials.filter((m) => !draft.items.some((i) => i.material_id === m.id));
  const fields = validationFields(save.error);
  const idleError = fields.find((f) => f.field === "idle_seconds");

  return (
    <Paper withBorder p="md" data-testid="playlist-editor">
      <Stack gap="sm">
        <Title order={2}>{t("materials.playlist.title")}</Title>
        <Text c="dimmed">{t("materials.playlist.intro")}</Text>
        <NumberInput
          label={t("materials.playlist.idle")}
          value={draft.idle_seconds}
          onChange={(v) => change({ ...draft, idle_seconds: typeof v === "number" ? v : Number(v) || 0 })}
          min={5}
          max={3600}
          size="md"
          maw={340}
          error={idleError && fieldErrorText(t, idleError)}
          data-testid="playlist-idle"
        />
        {draft.items.length === 0 ? (
          <Text data-testid="playlist-empty">{t("materials.playlist.empty")}</Text>
        ) : (
          <Stack gap={6} component="ol" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("materials.playlist.title")}>
            {draft.items.map((item, i) => {
              const m = byId.get(item.material_id);
              const error = fields.find((f) => f.field === `items.${i}` || f.field === `items.${i}.seconds`);
              return (
                <Paper
                  key={item.material_id}
                  component="li"
                  withBorder
                  p="xs"
                  draggable
                  onDragStart={(e) => {
                    setDragged(i);
                    e.dataTransfer.effectAllowed = "move";
                    e.dataTransfer.setData("text/plain", item.material_id);
                  }}
                  onDragOver={(e) => {
                    if (dragged === null) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = "move";
                  }}
                  onDrop={(e) => {
                    e.preventDefault();
                    if (dragged !== null && dragged !== i) setItems(move(draft.items, dragged, i));
                    setDragged(null);
                  }}
                  onDragEnd={() => setDragged(null)}
                  bg={dragged === i ? "blue.0" : undefined}
                  style={{ cursor: "grab" }}
                  data-testid="playlist-item"
                  data-id={item.material_id}
                >
                  <Group wrap="nowrap" gap="sm">
                    <Text fw={700} w={28} ta="center" aria-hidden="true">
                      {i + 1}
                    </Text>
                    <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                      <Text fw={600} lineClamp={1} dir="auto" lang={m?.language}>
                        {m?.title ?? item.material_id}
                      </Text>
                      <Group gap={4}>
                        {m ? <Badge variant="light">{t(`materials.kind.${m.kind}`)}</Badge> : <Badge color="orange">{t("materials.playlist.notInPack")}</Badge>}
                        {error && (
                          <Text size="sm" c="red">
                            {fieldErrorText(t, error)}
                          </Text>
                        )}
                      </Group>
                    </Stack>
                    {m?.kind === "video" ? (
                      <Text size="sm" c="dimmed" w={120}>
                        {t("materials.playlist.toTheEnd")}
                      </Text>
                    ) : (
                      <NumberInput
                        aria-label={t("materials.playlist.seconds", { title: m?.title ?? item.material_id })}
                        value={item.seconds}
                        onChange={(v) => setItems(draft.items.map((x, j) => (j === i ? { ...x, seconds: typeof v === "number" ? v : Number(v) || 0 } : x)))}
                        min={2}
                        max={600}
                        suffix={t("materials.playlist.unit")}
                        size="md"
                        w={120}
                        data-testid="playlist-seconds"
                      />
                    )}
                    <ActionIcon size={48} variant="default" disabled={i === 0} onClick={() => setItems(move(draft.items, i, i - 1))} aria-label={t("materials.playlist.up")} data-testid="playlist-up">
                      ↑
                    </ActionIcon>
                    <ActionIcon size={48} variant="default" disabled={i === draft.items.length - 1} onClick={() => setItems(move(draft.items, i, i + 1))} aria-label={t("materials.playlist.down")} data-testid="playlist-down">
                      ↓
                    </ActionIcon>
                    <ActionIcon size={48} variant="light" color="red" onClick={() => setItems(draft.items.filter((_, j) => j !== i))} aria-label={t("materials.playlist.remove")} data-testid="playlist-remove">
                      ✕
                    </ActionIcon>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
        )}
        <Group align="flex-end">
          <Select
            label={t("materials.playlist.add")}
            placeholder={t("materials.playlist.pick")}
            data={available.map((m) => ({ value: m.id, label: m.title }))}
            value={pick}
            onChange={setPick}
            searchable
            size="md"
            style={{ flex: 1, maxWidth: 420 }}
            data-testid="playlist-pick"
          />
          <Button
            size="md"
            h={48}
            variant="light"
            disabled={!pick}
            onClick={() => {
              if (!pick) return;
              setItems([...draft.items, { material_id: pick, seconds: DEFAULT_SLIDE_SECONDS }]);
              setPick(null);
            }}
            data-testid="playlist-add"
          >
            {t("materials.playlist.addButton")}
          </Button>
        </Group>
        {draft.items.length > 1 && (
          <Text size="sm" c="dimmed">
            {t("materials.playlist.dragHint")}
          </Text>
        )}
        {save.error && !fields.length ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button size="lg" onClick={() => save.mutate(draft)} loading={save.isPending} disabled={!dirty} data-testid="playlist-save">
            {t("materials.playlist.save")}
          </Button>
          {dirty && <Text c="orange.8">{t("materials.playlist.unsaved")}</Text>}
        </Group>
        {save.isSuccess && !dirty && (
          <Alert color="green" data-testid="playlist-saved">
            {t("materials.playlist.saved")}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
