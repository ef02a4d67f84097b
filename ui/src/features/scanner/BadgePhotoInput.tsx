//! "Read badge from photo": a photo of a badge or business card, picked next to the photo
//! picker. The capture form decodes it (`commands.badgesScanImage`), fills itself as a
//! handheld scan would and keeps the photo as the lead's card photo.
import { Box, Button } from "@mantine/core";
import type { ChangeEvent } from "react";
import { useTranslation } from "react-i18next";

/** Badge photos: what the backend's decoder reads. */
export const BADGE_PHOTO_ACCEPT = "image/jpeg,image/png";

export function BadgePhotoInput({ onPick, disabled = false, reading = false }: { onPick: (file: File) => void; disabled?: boolean; reading?: boolean }) {
  const { t } = useTranslation();
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    // Let the same photo be picked again.
    e.currentTarget.value = "";
    if (file) onPick(file);
  };
  return (
    <Box className="file-pick">
      {/* As in the photo picker: the transparent input lies over the decorative button. */}
      <Button component="span" variant="light" className="file-pick-button" aria-hidden disabled={disabled} loading={reading}>
        {t("scanner.photoPick")}
      </Button>
      <input
        type="file"
        accept={BADGE_PHOTO_ACCEPT}
        capture="environment"
        data-testid="badge-photo-input"
        aria-label={t("scanner.photoPick")}
        disabled={disabled || reading}
        onChange={pick}
        className="file-pick-input"
      />
    </Box>
  );
}
