import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Grade } from "../ipc";

/** A red, B orange, C blue, D grey — the same colours as the capture buttons. */
export const GRADE_COLORS: Record<Grade, string> = { A: "red", B: "orange", C: "blue", D: "gray" };
export const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

export function GradeBadge({ grade }: { grade: Grade | null }) {
  const { t } = useTranslation();
  if (!grade) return <Badge color="gray" variant="outline" tt="none" miw="max-content">{t("grade.none")}</Badge>;
  return (
    <Badge color={GRADE_COLORS[grade]} variant="filled" size="lg" tt="none" miw="max-content" title={t(`grade.${grade}.meaning`)} data-testid="grade-badge">
      {grade} · {t(`grade.${grade}.name`)}
    </Badge>
  );
}
