//! Lead screens need a show and a person at the booth. Without shows we ask for the first
//! one; without a choice we ask for it, in big buttons.
import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { ErrorAlert } from "../components/errors";
import { CreateEventForm } from "../features/events/CreateEventForm";
import { useEvents, useSession, useSetActiveEvent, useSetBoothUser, useUsers } from "../features/session/queries";

export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const events = useEvents();
  const users = useUsers();
  const setEvent = useSetActiveEvent();
  const setUser = useSetBoothUser();

  const failed = session.error ?? events.error ?? users.error;
  if (failed) return <ErrorAlert error={failed} />;
  if (!session.data || !events.data || !users.data) return <Loader />;

  if (events.data.length === 0) return <CreateEventForm first />;

  if (!session.data.event) {
    return (
      <Paper withBorder p="xl" maw={720} data-testid="choose-show">
        <Stack>
          <Title order={2}>{t("gate.chooseShow")}</Title>
          {setEvent.isError && <ErrorAlert error={setEvent.error} />}
          {events.data.map((e) => (
            <Button key={e.id} variant="default" justify="flex-start" onClick={() => setEvent.mutate(e.id)} data-testid={`choose-show-${e.id}`}>
              {e.tag} — {e.name}
            </Button>
          ))}
        </Stack>
      </Paper>
    );
  }

  if (!session.data.user) {
    return (
      <Paper withBorder p="xl" maw={720} data-testid="choose-user">
        <Stack>
          <Title order={2}>{t("gate.chooseUser")}</Title>
          <Text c="dimmed">{t("gate.chooseUserHint")}</Text>
          {setUser.isError && <ErrorAlert error={setUser.error} />}
          {users.data.length === 0 ? (
            <Alert color="yellow" title={t("gate.noUsers")}>
              {t("gate.noUsersHint")}
            </Alert>
          ) : (
            <Group>
              {users.data.map((u) => (
                <Button key={u.id} size="xl" variant="light" onClick={() => setUser.mutate(u.id)} data-testid={`choose-user-${u.id}`}>
                  {u.name}
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      </Paper>
    );
  }

  return <Outlet />;
}
