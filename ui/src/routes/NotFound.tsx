import { Anchor, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t("notFound.title")}</Title>
      <Anchor component={Link} to="/capture">
        {t("notFound.back")}
      </Anchor>
    </Stack>
  );
}
