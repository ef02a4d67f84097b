//! Settings → Team (managers): everyone who signs in here, their role, whether they have a
//! PIN (reset makes them choose a new one), what automatic assignment knows about each rep,
//! and how long the window may sit idle before it signs out.
import { Badge, Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, errorMap, validationFields } from "../../components/errors";
import type { Role, TeamMember } from "../../ipc";
import { useSession } from "../session/queries";
import { useAddMember, useResetSecret, useSetIdleLock, useSetProfile, useSetRole, useTeam } from "./queries";

export const ROLES: Role[] = ["rep", "manager", "marketing"];

export function TeamSection() {
  const { t } = useTranslation();
  const session = useSession();
  const manager = session.data?.user?.role === "manager";
  const team = useTeam(manager);
  const setRole = useSetRole();
  const reset = useResetSecret();
  if (!manager) return null;
  const failed = team.error ?? setRole.error ?? reset.error;

  return (
    <Paper withBorder p="lg" data-testid="team-section">
      <Stack>
        <Title order={3}>{t("team.title")}</Title>
        <Text c="dimmed">{t("team.explain")}</Text>
        {failed && <ErrorAlert error={failed} fields={validationFields(failed)} />}
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("team.name")}</Table.Th>
              <Table.Th>{t("team.role")}</Table.Th>
              <Table.Th>{t("team.pin")}</Table.Th>
              <Table.Th>{t("team.coverage")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(team.data ?? []).map((m) => (
              <Table.Tr key={m.id} data-testid="team-row">
                <Table.Td>
                  <Text fw={600}>{m.name}</Text>
                  <Text size="xs" c="dimmed">
                    {m.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={t("team.roleOf", { name: m.name })}
                    data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                    value={m.role}
                    onChange={(e) => setRole.mutate({ id: m.id, role: e.currentTarget.value as Role })}
                    data-testid={`team-role-${m.id}`}
                    size="md"
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Badge color={m.has_secret ? "green" : "yellow"} variant="light">
                      {m.has_secret ? t("team.pinSet") : t("team.pinNotSet")}
                    </Badge>
                    {m.has_secret && (
                      <Button variant="default" h={48} onClick={() => reset.mutate(m.id)} data-testid={`team-reset-${m.id}`}>
                        {t("team.resetPin")}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{m.role === "rep" ? <Coverage member={m} /> : <Text c="dimmed">—</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <AddMember />
        <IdleLock minutes={session.data?.idle_lock_minutes ?? 0} />
      </Stack>
    </Paper>
  );
}

function Coverage({ member }: { member: TeamMember }) {
  const { t } = useTranslation();
  const save = useSetProfile();
  const [profile, setProfile] = useState(member.profile);
  const change = (key: keyof typeof profile) => (values: string[]) => {
    const next = { ...profile, [key]: key === "regions" ? values.map((v) => v.toUpperCase()) : values };
    setProfile(next);
    save.mutate({ id: member.id, profile: next });
  };
  return (
    <Stack gap={4} miw={260}>
      <TagsInput size="xs" label={t("team.regions")} placeholder="CN, IR, DE" value={profile.regions} onChange={change("regions")} data-testid={`team-regions-${member.id}`} />
      <TagsInput size="xs" label={t("team.interests")} value={profile.interests} onChange={change("interests")} />
      <TagsInput size="xs" label={t("team.languages")} placeholder="zh, fa, en" value={profile.languages} onChange={change("languages")} />
    </Stack>
  );
}

function AddMember() {
  const { t } = useTranslation();
  const add = useAddMember();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("rep");
  const errors = errorMap(t, validationFields(add.error));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ name, email, role }, { onSuccess: () => (setName(""), setEmail("")) });
      }}
    >
      <Group align="flex-end">
        <TextInput label={t("team.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="team-add-name" size="md" />
        <TextInput label={t("team.email")} value={email} onChange={(e) => setEmail(e.currentTarget.value)} size="md" />
        <NativeSelect
          label={t("team.role")}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          data-testid="team-add-role"
          size="md"
        />
        <Button type="submit" h={48} loading={add.isPending} data-testid="team-add-submit">
          {t("team.add")}
        </Button>
      </Group>
    </form>
  );
}

function IdleLock({ minutes }: { minutes: number }) {
  const { t } = useTranslation();
  const save = useSetIdleLock();
  const [value, setValue] = useState<number>(minutes);
  return (
    <Group align="flex-end">
      <NumberInput
        label={t("team.idleLock")}
        description={t("team.idleLockHint")}
        min={0}
        max={1440}
        value={value}
        onChange={(v) => setValue(typeof v === "number" ? v : 0)}
        data-testid="idle-lock-minutes"
        size="md"
        w={260}
      />
      <Button variant="default" h={48} onClick={() => save.mutate(value)} loading={save.isPending} data-testid="idle-lock-save">
        {t("team.saveIdleLock")}
      </Button>
    </Group>
  );
}
