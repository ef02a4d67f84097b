//! Settings → "Badge profile for <show>": a manager writes (or loads) the active show's badge
//! profile, tries it on a sample badge — typed, scanned while this section has the focus, or
//! read from a photo — and saves it for the show or goes back to auto-detection. Nothing is saved
//! by trying; once saved, every scan at the show is read by the profile (in the backend).
import { Alert, Badge, Box, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, memo, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { commands, type Event, isLeadTrackError, type ParsedBadge } from "../../ipc";
import { BADGE_PHOTO_ACCEPT } from "../scanner/BadgePhotoInput";
import { useClaimScans } from "../scanner/ScannerProvider";
import { FIELD_ORDER } from "../scanner/ScannerSettings";
import { queryKeys, useSession } from "../session/queries";

/** A refused profile: the backend names the key or gives "(line L, column C)" for JSON. */
function isProfileError(error: unknown): boolean {
  return isLeadTrackError(error) && error.kind === "validation" && error.fields.some((f) => f.field === "badge_profile");
}

/** The profile's line an error points at, to show under the message. */
function errorLine(text: string, message: string): { line: number; column: number; source: string } | null {
  const at = /\(line (\d+), column (\d+)\)/.exec(message);
  if (!at) return null;
  const line = Number(at[1]);
  const source = text.split(/\r?\n/)[line - 1];
  return source === undefined ? null : { line, column: Number(at[2]), source };
}

export function BadgeProfileSection() {
  const { t } = useTranslation();
  const session = useSession();
  const event = session.data?.event;
  if (!session.data) return null; // loading, or failed (the header says so): no "choose a show" flash
  return (
    <Card withBorder padding="lg" data-testid="badge-profile">
      {event ? (
        <ProfileEditor key={event.id} event={event} />
      ) : (
        <Stack>
          <Title order={3}>{t("badgeProfile.titleNoShow")}</Title>
          <Text>{t("badgeProfile.noShow")}</Text>
        </Stack>
      )}
    </Card>
  );
}

type Notice = "saved" | "cleared";

type Outcome = { parsed: ParsedBadge; error?: undefined } | { parsed?: undefined; error: unknown };

function ProfileEditor({ event }: { event: Event }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const saved = event.badge_profile ?? "";
  const [text, setText] = useState(saved);
  const [sample, setSample] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // What the last save did, translated when shown (the language may change after it).
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [focused, setFocused] = useState(false);
  // The latest try wins: an older answer arriving late is dropped.
  const tries = useRef(0);

  const tryProfile = useCallback(
    async (badge: string) => {
      const n = ++tries.current;
      setNotice(null);
      try {
        const parsed = await commands.badgesTryProfile(text, badge);
        if (n === tries.current) setOutcome({ parsed });
      } catch (error) {
        if (n === tries.current) setOutcome({ error });
      }
    },
    [text],
  );

  // A scan while this section has the focus is a sample, never a lead.
  useClaimScans(focused, (payload) => {
    setSample(payload);
    void tryProfile(payload);
  });

  const save = useMutation({
    mutationFn: (profile: string | null) => commands.eventsSetBadgeProfile(event.id, profile),
    onMutate: () => setNotice(null),
    onSuccess: (_event, profile) => {
      void qc.invalidateQueries({ queryKey: queryKeys.session });
      void qc.invalidateQueries({ queryKey: queryKeys.events });
      if (profile === null) {
        setText("");
        setOutcome(null);
        setNotice("cleared");
      } else {
        setNotice("saved");
      }
    },
    onError: (error) => setOutcome({ error }),
  });

  const samplePhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (!file) return;
    setBusy(true);
    try {
      const symbols = await commands.badgesScanImage(new Uint8Array(await file.arrayBuffer()));
      const first = symbols[0];
      if (!first) {
        setOutcome({ error: new Error(t("badgeProfile.photoNone")) });
        return;
      }
      setSample(first.text);
      await tryProfile(first.text);
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };

  const dirty = text !== saved;
  return (
    <Stack
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
    >
      <Title order={3}>{t("badgeProfile.title", { show: event.name })}</Title>
      <Text c="dimmed">{t("badgeProfile.intro")}</Text>
      <Group gap="sm">
        <Badge size="lg" variant="light" color={saved ? "teal" : "gray"} tt="none" data-testid="badge-profile-status">
          {saved ? t("badgeProfile.statusSaved") : t("badgeProfile.statusAuto")}
        </Badge>
        {dirty && (
          <Text size="sm" c="orange.9" data-testid="badge-profile-unsaved">
            {t("badgeProfile.unsaved")}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ProfileText text={text} setText={setText} setOutcome={setOutcome} setNotice={setNotice} />
        <Stack gap="sm">
          <TextInput
            name="badge_sample"
            data-testid="badge-sample"
            label={t("badgeProfile.tryTitle")}
            description={t("badgeProfile.sampleHint")}
            value={sample}
            onChange={(e) => setSample(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && text.trim() && sample.trim()) void tryProfile(sample);
            }}
            dir="ltr"
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
          <Group gap="sm">
            <Button type="button" data-testid="badge-profile-try" disabled={!text.trim() || !sample.trim()} onClick={() => void tryProfile(sample)}>
              {t("badgeProfile.tryButton")}
            </Button>
            <Box className="file-pick">
              <Button component="span" variant="light" className="file-pick-button" aria-hidden loading={busy}>
                {t("badgeProfile.photo")}
              </Button>
              <input type="file" accept={BADGE_PHOTO_ACCEPT} data-testid="badge-profile-photo" aria-label={t("badgeProfile.photo")} disabled={busy || !text.trim()} onChange={(e) => void samplePhoto(e)} className="file-pick-input" />
            </Box>
          </Group>
          <div data-testid="badge-profile-result" aria-live="polite">
            {outcome?.parsed ? (
              <TryResult parsed={outcome.parsed} />
            ) : outcome && isProfileError(outcome.error) ? (
              <ProfileErrorAlert error={outcome.error} text={text} />
            ) : outcome ? (
              <ErrorAlert error={outcome.error} />
            ) : (
              <Text c="dimmed">{t("badgeProfile.waiting")}</Text>
            )}
          </div>
        </Stack>
      </SimpleGrid>
      <Group gap="sm">
        <Button type="button" data-testid="badge-profile-save" disabled={!text.trim() || !dirty} loading={save.isPending && save.variables !== null} onClick={() => save.mutate(text)}>
          {t("badgeProfile.save")}
        </Button>
        <Button type="button" variant="default" data-testid="badge-profile-clear" disabled={!saved} loading={save.isPending && save.variables === null} onClick={() => save.mutate(null)}>
          {t("badgeProfile.auto")}
        </Button>
        {notice && (
          <Text role="status" c="teal.9" fw={600} data-testid="badge-profile-notice">
            {t(`badgeProfile.${notice}`, { show: event.name })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

type ProfileTextProps = {
  text: string;
  setText: (text: string) => void;
  setOutcome: (outcome: Outcome | null) => void;
  setNotice: (notice: Notice | null) => void;
};

/**
 * The profile's text and "Load from a file…". Memoised: an autosized textarea measures itself on
 * every render, and re-rendering it for each key of a scan typed into the sample field made the
 * keys late enough (tens of ms on a busy laptop) to split the scan.
 */
const ProfileText = memo(function ProfileText({ text, setText, setOutcome, setNotice }: ProfileTextProps) {
  const { t } = useTranslation();
  const loadFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = ""; // the same file may be picked again after an edit
    if (!file) return;
    try {
      setText(await file.text());
      setOutcome(null);
      setNotice(null);
    } catch (error) {
      setOutcome({ error: new Error(t("badgeProfile.fileUnreadable"), { cause: error }) });
    }
  };
  return (
    <Stack gap="sm">
      <Textarea
        name="badge_profile"
        data-testid="badge-profile-text"
        label={t("badgeProfile.label")}
        description={t("badgeProfile.hint")}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={10}
        maxRows={24}
        dir="ltr"
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 14 } }}
      />
      <Box className="file-pick">
        {/* As in the photo picker: the transparent input lies over the decorative button. */}
        <Button component="span" variant="default" className="file-pick-button" aria-hidden>
          {t("badgeProfile.loadFile")}
        </Button>
        <input type="file" accept=".json,application/json,text/plain" data-testid="badge-profile-file" aria-label={t("badgeProfile.loadFile")} onChange={(e) => void loadFile(e)} className="file-pick-input" />
      </Box>
    </Stack>
  );
});

function ProfileErrorAlert({ error, text }: { error: unknown; text: string }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  const at = errorLine(text, message);
  return (
    <Alert color="red" variant="light" title={t("badgeProfile.invalid")} role="alert" data-testid="badge-profile-error">
      <Stack gap={6}>
        <Text dir="ltr" ta="left">
          {message}
        </Text>
        {at && (
          <Box dir="ltr">
            <Text size="sm" fw={600}>
              {t("badgeProfile.atLine", { line: at.line })}
            </Text>
            <Code block data-testid="badge-profile-error-line">
              {`${at.source}\n${" ".repeat(Math.max(0, at.column - 1))}^`}
            </Code>
          </Box>
        )}
      </Stack>
    </Alert>
  );
}

function TryResult({ parsed }: { parsed: ParsedBadge }) {
  const { t } = useTranslation();
  const rows = FIELD_ORDER.filter((k) => parsed.fields[k].trim() !== "");
  return (
    <Stack gap="sm">
      <Badge size="lg" variant="filled" tt="none" data-testid="badge-profile-format">
        {t("scanner.readAs", { format: t(`badgeFormat.${parsed.format}`) })}
      </Badge>
      {rows.length > 0 || parsed.attendee_id ? (
        <Table withRowBorders={false} verticalSpacing={2} data-testid="badge-profile-fields">
          <Table.Tbody>
            {parsed.attendee_id && (
              <Table.Tr>
                <Table.Th w={160}>{t("scanner.attendeeId")}</Table.Th>
                <Table.Td dir="auto" data-testid="badge-profile-id">
                  {parsed.attendee_id}
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((k) => (
              <Table.Tr key={k}>
                <Table.Th w={160}>{t(`fields.${k}`)}</Table.Th>
                <Table.Td dir="auto" data-field={k}>
                  {parsed.fields[k]}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text>{t("scanner.testNoFields")}</Text>
      )}
      {parsed.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={t("badgeProfile.warnings")} data-testid="badge-profile-warnings">
          {parsed.warnings.map((w, i) => (
            <Text key={i} size="sm" dir="ltr" ta="left">
              {w}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
