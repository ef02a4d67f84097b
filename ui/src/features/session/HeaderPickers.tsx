//! The header's three native selects: active show, who is at the booth, language.
import { Group, NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../i18n";
import { useEvents, useSession, useSetActiveEvent, useSetBoothUser, useUsers } from "./queries";

const compact = { label: { fontSize: "var(--mantine-font-size-xs)", fontWeight: 600 } } as const;

export function HeaderPickers() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const events = useEvents();
  const users = useUsers();
  const setEvent = useSetActiveEvent();
  const setUser = useSetBoothUser();

  const eventId = session.data?.event?.id ?? "";
  const userId = session.data?.user?.id ?? "";

  const eventOptions = [
    ...(eventId ? [] : [{ value: "", label: t("header.chooseShow"), disabled: true }]),
    ...(events.data ?? []).map((e) => ({ value: e.id, label: `${e.tag} — ${e.name}` })),
  ];
  const userOptions = [
    ...(userId ? [] : [{ value: "", label: t("header.chooseUser"), disabled: true }]),
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Group gap="sm" wrap="nowrap" align="flex-end">
      <NativeSelect
        label={t("header.show")}
        styles={compact}
        data-testid="event-picker"
        data={eventOptions}
        value={eventId}
        disabled={setEvent.isPending || (events.data ?? []).length === 0}
        onChange={(e) => e.currentTarget.value && setEvent.mutate(e.currentTarget.value)}
        w={{ base: 260, lg: 380 }}
      />
      <NativeSelect
        label={t("header.atBooth")}
        styles={compact}
        data-testid="user-picker"
        data={userOptions}
        value={userId}
        disabled={setUser.isPending}
        onChange={(e) => e.currentTarget.value && setUser.mutate(e.currentTarget.value)}
        w={180}
      />
      <NativeSelect
        label={t("header.language")}
        styles={compact}
        data-testid="lang-picker"
        data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => void i18n.changeLanguage(e.currentTarget.value)}
        w={140}
      />
    </Group>
  );
}
