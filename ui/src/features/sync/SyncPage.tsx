//! #/sync: the live backlog (pending, parked, last success, last error), "Upload everything"
//! (ending with the endpoint's own count of what it still lacks), the parked versions with why,
//! and where this device sends its leads (endpoint, device id, write-only secret).
import { Alert, Anchor, Button, Card, Group, List, PasswordInput, Progress, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { describe, validationFields } from "../../components/errors";
import { useFormat } from "../../components/format";
import type { FieldError, ReconcileReport, SyncSettings, SyncStatus } from "../../ipc";
import { useNow, useParked, useSaveSyncSettings, useSyncSettings, useSyncStatus, useUploadAll } from "./queries";

/** "3 minutes ago" in the reader's language. */
export function useAgo() {
  const { i18n } = useTranslation();
  const now = useNow();
  const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: "auto" });
  return (ms: number) => {
    const seconds = Math.round((ms - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 60) return rtf.format(seconds, "second");
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
    if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), "hour");
    return rtf.format(Math.round(seconds / 86_400), "day");
  };
}

export function SyncPage() {
  const { t } = useTranslation();
  const settings = useSyncSettings();
  const configured = Boolean(settings.data?.endpoint && settings.data.secret_set);
  return (
    <Stack maw={1000}>
      <Title order={2}>{t("sync.title")}</Title>
      <Text c="dimmed">{t("sync.intro")}</Text>
      <StatusCard configured={configured} />
      <UploadCard configured={configured} />
      <ParkedCard />
      {settings.data && <SettingsCard settings={settings.data} />}
      {settings.isError && <Alert color="red">{describe(t, settings.error)}</Alert>}
    </Stack>
  );
}

function StatusCard({ configured }: { configured: boolean }) {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const ago = useAgo();
  const s: SyncStatus | undefined = status.data;
  return (
    <Card withBorder padding="lg" data-testid="sync-status">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t("sync.status.title")}</Title>
          <Text fw={600} c={!configured ? "dimmed" : s?.online ? "green.8" : "orange.8"} data-testid="sync-online">
            {!configured ? t("sync.status.off") : s?.online ? t("sync.status.online") : t("sync.status.offline")}
          </Text>
        </Group>
        {status.isError && <Alert color="red">{describe(t, status.error)}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Figure label={t("sync.status.pending")} value={s ? String(s.pending + s.inflight) : "…"} testId="sync-pending" />
          <Figure label={t("sync.status.parked")} value={s ? String(s.parked) : "…"} testId="sync-parked-count" warn={Boolean(s?.parked)} />
          <Figure
            label={t("sync.status.lastSuccess")}
            value={s?.last_success_at ? ago(s.last_success_at) : t("sync.status.never")}
            testId="sync-last-success"
          />
        </SimpleGrid>
        {s?.last_error && (
          <Alert color="red" title={t("sync.status.lastError")} data-testid="sync-last-error">
            {s.last_error}
            {s.last_error_at ? ` (${ago(s.last_error_at)})` : ""}
            {s.key_refused && <Text mt="xs">{t("sync.status.keyRefused")}</Text>}
          </Alert>
        )}
        {!configured && <Text data-testid="sync-not-configured">{t("sync.status.notConfigured")}</Text>}
      </Stack>
    </Card>
  );
}

function Figure({ label, value, testId, warn = false }: { label: string; value: string; testId: string; warn?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} c={warn ? "red.8" : undefined} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

function SettingsCard({ settings }: { settings: SyncSettings }) {
  const { t } = useTranslation();
  const save = useSaveSyncSettings();
  const [endpoint, setEndpoint] = useState(settings.endpoint ?? "");
  const [deviceId, setDeviceId] = useState(settings.device_id ?? "");
  const [secret, setSecret] = useState("");
  const [saved, setSaved] = useState(false);
  const fields: FieldError[] = validationFields(save.error);
  const fieldError = (name: string) => {
    const f = fields.find((e) => e.field === name);
    return f ? t(`sync.errors.${f.code}`, { defaultValue: f.message }) : undefined;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate(
      { endpoint, deviceId: deviceId.trim() === "" ? null : deviceId, secret: secret.trim() === "" ? null : secret },
      {
        onSuccess: (next) => {
          // The backend's normal form of the URL (trailing slash) and the id it kept (a pasted
          // JSON brings its own); the secret field empties.
          setEndpoint(next.endpoint ?? "");
          setDeviceId(next.device_id ?? "");
          setSecret("");
          setSaved(true);
        },
      },
    );
  };

  return (
    <Card withBorder padding="lg" data-testid="sync-settings">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3}>{t("sync.settings.title")}</Title>
          <TextInput
            name="endpoint"
            label={t("sync.settings.endpoint")}
            description={t("sync.settings.endpointHelp")}
            placeholder="https://leads.example.com"
            value={endpoint}
            onChange={(e) => setEndpoint(e.currentTarget.value)}
            error={fieldError("endpoint")}
            data-testid="sync-endpoint"
            dir="ltr"
          />
          <TextInput
            name="device_id"
            label={t("sync.settings.deviceId")}
            description={t("sync.settings.deviceIdHelp")}
            placeholder="dev_…"
            value={deviceId}
            onChange={(e) => setDeviceId(e.currentTarget.value)}
            data-testid="sync-device-id"
            dir="ltr"
          />
          <PasswordInput
            name="secret"
            label={t("sync.settings.secret")}
            description={settings.secret_set ? t("sync.settings.secretKeep") : t("sync.settings.secretHelp")}
            placeholder={settings.secret_set ? t("sync.settings.secretSetPlaceholder") : "whsec_…"}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={fieldError("secret")}
            autoComplete="off"
            size="lg"
            data-testid="sync-secret"
            dir="ltr"
          />
          <SecretStorageNote settings={settings} />
          {save.isError && fields.length === 0 && <Alert color="red">{describe(t, save.error)}</Alert>}
          {saved && (
            <Alert color="green" data-testid="sync-settings-saved">
              {t("sync.settings.saved")}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="sync-save">
              {t("sync.settings.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function SecretStorageNote({ settings }: { settings: SyncSettings }) {
  const { t } = useTranslation();
  switch (settings.secret_storage) {
    case "keychain":
      return (
        <Text size="sm" c="green.8" data-testid="sync-secret-storage" data-storage="keychain">
          {t("sync.settings.storedKeychain")}
        </Text>
      );
    case "file":
      return (
        <Alert color="yellow" title={t("sync.settings.storedFileTitle")} data-testid="sync-secret-storage" data-storage="file">
          {t("sync.settings.storedFile")}
        </Alert>
      );
    default:
      return (
        <Text size="sm" c="dimmed" data-testid="sync-secret-storage" data-storage="none">
          {t("sync.settings.notSet")}
        </Text>
      );
  }
}

function ParkedCard() {
  const { t } = useTranslation();
  const parked = useParked();
  const { dateTime } = useFormat();
  const items = parked.data ?? [];
  return (
    <Card withBorder padding="lg" data-testid="sync-parked">
      <Stack>
        <Title order={3}>{t("sync.parked.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("sync.parked.help")}
        </Text>
        {parked.isError && <Alert color="red">{describe(t, parked.error)}</Alert>}
        {parked.data && items.length === 0 && <Text data-testid="sync-parked-empty">{t("sync.parked.none")}</Text>}
        {items.length > 0 && (
          <List spacing="sm">
            {items.map((p) => (
              <List.Item key={`${p.lead_id}-${p.version}`} data-testid={`sync-parked-${p.lead_id}`}>
                <Anchor component={Link} to={`/leads/${p.lead_id}`} fw={600}>
                  {p.label || p.lead_id}
                </Anchor>{" "}
                <Text span size="sm" c="dimmed">
                  {t("sync.parked.version", { version: p.version, time: dateTime(p.saved_at) })}
                </Text>
                <Text size="sm" c="red.8">
                  {p.reason}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}

function UploadCard({ configured }: { configured: boolean }) {
  const { t } = useTranslation();
  const { upload, progress } = useUploadAll();
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress ? 100 : 0;
  return (
    <Card withBorder padding="lg" data-testid="sync-upload">
      <Stack>
        <Title order={3}>{t("sync.upload.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("sync.upload.help")}
        </Text>
        <Group>
          <Button onClick={() => upload.mutate()} loading={upload.isPending} disabled={!configured} data-testid="sync-upload-all">
            {t("sync.upload.start")}
          </Button>
        </Group>
        {(upload.isPending || (progress && !upload.isIdle)) && progress && (
          <Stack gap={4}>
            <Progress value={percent} size="xl" aria-label={t("sync.upload.progressLabel")} data-testid="sync-upload-progress" data-value={percent} />
            <Text size="sm" data-testid="sync-upload-count">
              {t("sync.upload.progress", { done: progress.done, total: progress.total })}
            </Text>
          </Stack>
        )}
        {upload.isError && (
          <Alert color="red" data-testid="sync-upload-error">
            {describe(t, upload.error)}
          </Alert>
        )}
        {upload.data && <Report report={upload.data} />}
      </Stack>
    </Card>
  );
}

function Report({ report }: { report: ReconcileReport }) {
  const { t } = useTranslation();
  if (report.missing.length === 0) {
    return (
      <Alert color="green" title={t("sync.upload.zeroMissing")} data-testid="sync-report" data-missing={0}>
        {t("sync.upload.allThere", { count: report.checked })}
        {report.newer_on_server.length > 0 && <Text size="sm">{t("sync.upload.newer", { count: report.newer_on_server.length })}</Text>}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={t("sync.upload.missing", { count: report.missing.length })} data-testid="sync-report" data-missing={report.missing.length}>
      <List spacing="xs">
        {report.missing.map((m) => (
          <List.Item key={m.lead_id} data-testid={`sync-missing-${m.lead_id}`}>
            <Anchor component={Link} to={`/leads/${m.lead_id}`} dir="ltr">
              {m.lead_id}
            </Anchor>{" "}
            — {t(`sync.upload.kind.${m.kind === "older" ? "older" : "missing"}`, { version: m.version })}: {m.reason}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
