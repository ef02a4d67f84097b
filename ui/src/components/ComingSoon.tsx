import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Areas not built yet (none at the moment); each needs `nav.<area>` and `coming.<area>`. */
export const COMING_SOON: readonly string[] = [];
export type ComingSoonArea = string;

/** A placeholder screen that says plainly what is not built yet and what it will do. */
export function ComingSoon({ area }: { area: ComingSoonArea }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl" maw={720} data-testid={`coming-soon-${area}`}>
      <Stack>
        <Group>
          <Title order={2}>{t(`nav.${area}`)}</Title>
          <Badge color="gray" size="lg" variant="outline">
            {t("common.comingSoon")}
          </Badge>
        </Group>
        <Text size="lg">{t(`coming.${area}`)}</Text>
      </Stack>
    </Paper>
  );
}
