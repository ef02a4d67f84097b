//! Calm, high-contrast theme for booth laptops and touch screens: every button, input and
//! select defaults to size "lg" (≥ 48 px tall) and fonts come from the system (no network).
import { Button, Checkbox, createTheme, NativeSelect, NavLink, Textarea, TextInput } from "@mantine/core";

/** Latin, then CJK (Noto CJK is on the booth machines), then Arabic script for Persian. */
export const SYSTEM_FONTS =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans Arabic", Vazirmatn, Tahoma, "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  fontFamily: SYSTEM_FONTS,
  fontFamilyMonospace: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: SYSTEM_FONTS },
  defaultRadius: "md",
  components: {
    Button: Button.extend({ defaultProps: { size: "lg" } }),
    TextInput: TextInput.extend({ defaultProps: { size: "lg" } }),
    Textarea: Textarea.extend({ defaultProps: { size: "lg" } }),
    NativeSelect: NativeSelect.extend({ defaultProps: { size: "lg" } }),
    Checkbox: Checkbox.extend({ defaultProps: { size: "lg" }, styles: { body: { minHeight: 48, alignItems: "center" } } }),
    NavLink: NavLink.extend({ styles: { root: { minHeight: 48 } } }),
  },
});
