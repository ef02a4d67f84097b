//! Settings → "Registration on visitors' phones": the switch and the network interface the
//! booth laptop answers phones on. Off by default; while on, the kiosk shows a QR code with a
//! one-time link (the kiosk window asks for it with `kioskPhoneLink`).
import { Alert, Box, Card, NativeSelect, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ErrorAlert, validationFields } from "../../components/errors";
import { commands, type FieldError, type PhoneRegistration } from "../../ipc";

const KEY = ["phoneRegistration"] as const;

function fieldError(t: TFunction, e: FieldError): string {
  return t(`phoneRegistration.errors.${e.code}`, { defaultValue: e.message });
}

export function PhoneRegistrationSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: KEY, queryFn: () => commands.phoneRegistrationGet() });
  const save = useMutation({
    mutationFn: ({ enabled, address }: { enabled: boolean; address: string | null }) =>
      commands.phoneRegistrationSet(enabled, address),
    onSuccess: (next) => qc.setQueryData<PhoneRegistration>(KEY, next),
  });
  const current = query.data;
  if (!current) return <ErrorAlert error={query.error} />;

  const fields = validationFields(save.error);
  const addressError = fields.find((f) => f.field === "address");
  const otherError = fields.length === 0 ? save.error : null;
  // The saved address first, then the interfaces: the first one is picked when none is saved.
  const address = current.address ?? current.interfaces[0]?.ip ?? null;
  const options = current.interfaces.map((i) => ({ value: i.ip, label: t("phoneRegistration.interfaceOption", { name: i.name, ip: i.ip }) }));
  if (current.address && !current.interfaces.some((i) => i.ip === current.address)) {
    options.unshift({ value: current.address, label: t("phoneRegistration.missingInterface", { ip: current.address }) });
  }

  return (
    <Card withBorder padding="lg" data-testid="phone-registration">
      <Stack>
        <Title order={3}>{t("phoneRegistration.title")}</Title>
        <Text>{t("phoneRegistration.explain")}</Text>
        <Text c="dimmed" size="sm">
          {t("phoneRegistration.security")}
        </Text>
        <Box mih={48} style={{ display: "flex", alignItems: "center" }}>
          <Switch
            size="lg"
            data-testid="phone-registration-enabled"
            label={t("phoneRegistration.enable")}
            checked={current.enabled}
            // Nothing to listen on: it can be turned off, not on.
            disabled={save.isPending || (!current.enabled && options.length === 0)}
            onChange={(e) => save.mutate({ enabled: e.currentTarget.checked, address })}
          />
        </Box>
        {options.length === 0 ? (
          <Alert color="yellow" data-testid="phone-registration-no-network">
            {t("phoneRegistration.noInterfaces")}
          </Alert>
        ) : (
          <NativeSelect
            size="lg"
            data-testid="phone-registration-interface"
            label={t("phoneRegistration.interface")}
            description={t("phoneRegistration.interfaceHint")}
            value={address ?? ""}
            data={options}
            dir="ltr"
            disabled={save.isPending}
            error={addressError ? fieldError(t, addressError) : undefined}
            onChange={(e) => save.mutate({ enabled: current.enabled, address: e.currentTarget.value })}
          />
        )}
        <Status current={current} />
        <ErrorAlert error={otherError} />
      </Stack>
    </Card>
  );
}

function Status({ current }: { current: PhoneRegistration }) {
  const { t } = useTranslation();
  if (current.enabled && current.listening) {
    return (
      <Alert color="green" data-testid="phone-registration-status" data-state="listening" data-listening={current.listening}>
        {t("phoneRegistration.listening", { address: current.listening })}
      </Alert>
    );
  }
  if (current.enabled) {
    return (
      <Alert color="red" data-testid="phone-registration-status" data-state="failed" role="alert">
        {t("phoneRegistration.failed", { address: current.address ?? "" })}
      </Alert>
    );
  }
  return (
    <Text data-testid="phone-registration-status" data-state="off">
      {t("phoneRegistration.off")}
    </Text>
  );
}
