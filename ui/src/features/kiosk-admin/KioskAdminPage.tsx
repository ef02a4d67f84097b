//! #/kiosk — the manager's side of kiosk mode: whether it runs and whether a staff PIN is set,
//! setting the PIN, the active show's registration form (KioskFormEditor) and "Start kiosk",
//! which fills the screen with the visitor form and hides this window until the PIN is typed.
import { Alert, Badge, Button, Card, Group, Loader, Modal, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert, validationFields } from "../../components/errors";
import { commands, type Event, type FieldError, type KioskStatus } from "../../ipc";
import { useEvents, useSession } from "../session/queries";
import { kioskErrorText } from "./errors";
import { KioskFormEditor } from "./KioskFormEditor";
import { kioskKeys, useKioskStatus } from "./queries";

export function KioskAdminPage() {
  const { t } = useTranslation();
  const session = useSession();
  const status = useKioskStatus();
  const event = session.data?.event ?? null;
  const [dirty, setDirty] = useState(false);

  return (
    <Stack maw={1200} data-testid="kiosk-admin">
      <Title order={2}>{t("kioskAdmin.title")}</Title>
      <Text size="lg">{t("kioskAdmin.intro")}</Text>
      {(status.error ?? session.error) && <ErrorAlert error={status.error ?? session.error} />}
      {status.isPending || session.isPending ? (
        <Loader />
      ) : (
        <>
          <StatusCard status={status.data} event={event} />
          <PinSection pinSet={status.data?.pin_set ?? false} />
          {event ? (
            <>
              <KioskFormEditor key={event.id} event={event} onDirtyChange={setDirty} />
              <StartSection event={event} pinSet={status.data?.pin_set ?? false} dirty={dirty} />
            </>
          ) : (
            <Card withBorder padding="lg" data-testid="kiosk-no-show">
              <Text size="lg">{t("kioskAdmin.noShow")}</Text>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}

function StatusCard({ status, event }: { status: KioskStatus | undefined; event: Event | null }) {
  const { t } = useTranslation();
  const events = useEvents();
  const running = status?.event_id ? (events.data?.find((e) => e.id === status.event_id)?.name ?? status.event_id) : null;
  return (
    <Card withBorder padding="lg" data-testid="kiosk-status">
      <Group gap="xl" wrap="wrap">
        <Group gap="sm">
          <Text fw={600}>{t("kioskAdmin.status.mode")}</Text>
          {running ? (
            <Badge color="green" size="lg" tt="none" data-testid="kiosk-mode-on">
              {t("kioskAdmin.status.on", { show: running })}
            </Badge>
          ) : (
            <Badge color="gray" size="lg" tt="none" data-testid="kiosk-mode-off">
              {t("kioskAdmin.status.off")}
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <Text fw={600}>{t("kioskAdmin.pin.title")}</Text>
          {status?.pin_set ? (
            <Badge color="green" size="lg" tt="none" data-testid="kiosk-pin-state">
              {t("kioskAdmin.status.pinSet")}
            </Badge>
          ) : (
            <Badge color="orange" size="lg" tt="none" data-testid="kiosk-pin-state">
              {t("kioskAdmin.status.pinNotSet")}
            </Badge>
          )}
        </Group>
        <Button component={Link} to="/leads?source=kiosk" variant="light" data-testid="kiosk-open-leads">
          {t("kioskAdmin.status.openLeads")}
        </Button>
        {event && (
          <Group gap="sm">
            <Text fw={600}>{t("kioskAdmin.status.form")}</Text>
            <Badge color={event.form.kiosk ? "blue" : "gray"} variant="light" size="lg" tt="none" data-testid="kiosk-form-state">
              {event.form.kiosk ? t("kioskAdmin.status.formSaved") : t("kioskAdmin.status.formDefault")}
            </Badge>
          </Group>
        )}
      </Group>
    </Card>
  );
}

/** Set or change the staff PIN: typed twice, masked, with a number pad on touch screens. */
function PinSection({ pinSet }: { pinSet: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [pin, setPin] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (value: string) => commands.kioskSetPin(value),
    onMutate: () => setDone(false),
    onSuccess: (status) => {
      qc.setQueryData(kioskKeys.status, status);
      setPin("");
      setRepeat("");
      setDone(true);
    },
  });
  const fields = validationFields(save.error);
  const pinError = fields.find((f) => f.field === "pin");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const differs = pin !== repeat;
    setMismatch(differs);
    if (!differs) save.mutate(pin);
  };
  // Persian and Arabic-Indic digits (a Persian keyboard) become the ASCII digits the PIN is.
  const digitsOnly = (v: string) =>
    v
      .replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90))
      .replace(/[^0-9]/g, "")
      .slice(0, 12);

  return (
    <Card withBorder padding="lg" data-testid="kiosk-pin">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3}>{t("kioskAdmin.pin.title")}</Title>
          <Text>{t("kioskAdmin.pin.help")}</Text>
          <Group align="flex-start" wrap="wrap">
            <PasswordInput
              size="lg"
              w={260}
              name="pin"
              label={pinSet ? t("kioskAdmin.pin.newChange") : t("kioskAdmin.pin.new")}
              inputMode="numeric"
              autoComplete="new-password"
              dir="ltr"
              data-testid="kiosk-pin-new"
              value={pin}
              onChange={(e) => setPin(digitsOnly(e.currentTarget.value))}
              error={pinError ? kioskErrorText(t, pinError) : undefined}
            />
            <PasswordInput
              size="lg"
              w={260}
              name="pin_repeat"
              label={t("kioskAdmin.pin.repeat")}
              inputMode="numeric"
              autoComplete="new-password"
              dir="ltr"
              data-testid="kiosk-pin-repeat"
              value={repeat}
              onChange={(e) => setRepeat(digitsOnly(e.currentTarget.value))}
              error={mismatch ? t("kioskAdmin.pin.mismatch") : undefined}
            />
          </Group>
          {save.isError && !pinError && <ErrorAlert error={save.error} />}
          {done && (
            <Alert color="green" variant="light" data-testid="kiosk-pin-saved">
              {t("kioskAdmin.pin.saved")}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!pin || !repeat} data-testid="kiosk-pin-save">
              {pinSet ? t("kioskAdmin.pin.change") : t("kioskAdmin.pin.set")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** "Start kiosk for <show>": confirmed first, because only the staff PIN gets this window back. */
function StartSection({ event, pinSet, dirty }: { event: Event; pinSet: boolean; dirty: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const start = useMutation({
    mutationFn: () => commands.kioskStart(event.id),
    onSuccess: (status) => {
      qc.setQueryData(kioskKeys.status, status);
      setConfirming(false);
    },
  });
  const refusals = validationFields(start.error);

  return (
    <Card withBorder padding="lg" data-testid="kiosk-start">
      <Stack>
        <Title order={3}>{t("kioskAdmin.start.title")}</Title>
        <Text>{t("kioskAdmin.start.help")}</Text>
        <Button
          size="xl"
          h={72}
          color="green"
          disabled={!pinSet}
          onClick={() => {
            start.reset();
            setConfirming(true);
          }}
          data-testid="kiosk-start-button"
          style={{ alignSelf: "flex-start" }}
        >
          {t("kioskAdmin.start.button", { show: event.name })}
        </Button>
        {!pinSet && (
          <Text c="orange.9" fw={600} data-testid="kiosk-start-reason">
            {t("kioskAdmin.start.needsPin")}
          </Text>
        )}
        {!confirming && start.isError && <StartError error={start.error} refusals={refusals} />}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t("kioskAdmin.start.confirmTitle", { show: event.name })} size="lg" centered>
        <Stack data-testid="kiosk-start-dialog">
          <Text>{t("kioskAdmin.start.confirmBody")}</Text>
          <Text fw={700}>{t("kioskAdmin.start.confirmPin")}</Text>
          {dirty && (
            <Alert color="yellow" variant="light" data-testid="kiosk-start-unsaved">
              {t("kioskAdmin.start.unsaved")}
            </Alert>
          )}
          {start.isError && <StartError error={start.error} refusals={refusals} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-testid="kiosk-start-cancel">
              {t("common.cancel")}
            </Button>
            <Button color="green" loading={start.isPending} onClick={() => start.mutate()} data-testid="kiosk-start-confirm">
              {t("kioskAdmin.start.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function StartError({ error, refusals }: { error: unknown; refusals: FieldError[] }) {
  const { t } = useTranslation();
  if (refusals.length === 0) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" variant="light" role="alert" data-testid="kiosk-start-error">
      {refusals.map((f, i) => (
        <div key={i}>{kioskErrorText(t, f)}</div>
      ))}
    </Alert>
  );
}
