//! Small SVG charts. @mantine/charts was tried: its recharts dependency (decimal.js-light)
//! assigns `toString` on an object at load, which throws under Tauri's frozen prototypes, so
//! the dashboard draws its few pictures itself. Each has a text alternative for screen readers.
import { Group, Stack, Text, useMantineTheme } from "@mantine/core";

type Bar = { label: string; value: number };

/** Vertical bars with their value on top; labels under every bar (thinned when many). */
export function Bars({ data, height = 220, color = "blue", label }: { data: Bar[]; height?: number; color?: string; label: string }) {
  const theme = useMantineTheme();
  const fill = theme.colors[color]?.[6] ?? color;
  const max = Math.max(1, ...data.map((d) => d.value));
  const w = Math.max(24, Math.min(56, 900 / Math.max(1, data.length)));
  const every = Math.ceil(data.length / 12);
  // At least 480 units wide so a single bar is not stretched across the card.
  const width = Math.max(480, data.length * w);
  const chartH = height - 40;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} style={{ direction: "ltr" }}>
      {data.map((d, i) => {
        const h = (d.value / max) * (chartH - 16);
        const x = i * w;
        return (
          <g key={i}>
            <rect x={x + w * 0.15} y={chartH - h} width={w * 0.7} height={h} fill={fill} rx={3}>
              <title>{`${d.label}: ${d.value}`}</title>
            </rect>
            {d.value > 0 && (
              <text x={x + w / 2} y={chartH - h - 4} textAnchor="middle" fontSize={11} fontWeight={700}>
                {d.value}
              </text>
            )}
            {i % every === 0 && (
              <text x={x + w / 2} y={chartH + 16} textAnchor="middle" fontSize={10}>
                {d.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

type Slice = { label: string; value: number; color: string };

/** A donut with the total in the middle and a legend beside it. */
export function Donut({ data, total, label }: { data: Slice[]; total: string; label: string }) {
  const theme = useMantineTheme();
  const sum = data.reduce((a, d) => a + d.value, 0);
  const r = 70;
  const c = 2 * Math.PI * r;
  // Where each slice starts along the circle.
  const starts = data.map((_, i) => data.slice(0, i).reduce((a, d) => a + (sum ? (d.value / sum) * c : 0), 0));
  const colorOf = (name: string) => {
    const [hue, shade] = name.split(".");
    return theme.colors[hue ?? ""]?.[Number(shade ?? 6)] ?? name;
  };
  return (
    <Group justify="center" gap="xl">
      <svg role="img" aria-label={label} width={200} height={200} viewBox="0 0 200 200">
        <circle cx={100} cy={100} r={r} fill="none" stroke={theme.colors.gray[2]} strokeWidth={34} />
        {data.map((d, i) => {
          const len = sum ? (d.value / sum) * c : 0;
          return (
            <circle
              key={i}
              cx={100}
              cy={100}
              r={r}
              fill="none"
              stroke={colorOf(d.color)}
              strokeWidth={34}
              strokeDasharray={`${len} ${c - len}`}
              strokeDashoffset={-(starts[i] ?? 0)}
              transform="rotate(-90 100 100)"
            >
              <title>{`${d.label}: ${d.value}`}</title>
            </circle>
          );
        })}
        <text x={100} y={108} textAnchor="middle" fontSize={26} fontWeight={800}>
          {total}
        </text>
      </svg>
      <Stack gap={6}>
        {data.map((d) => (
          <Group key={d.label} gap="xs">
            <span style={{ width: 16, height: 16, borderRadius: 4, background: colorOf(d.color), display: "inline-block" }} />
            <Text fw={700}>
              {d.label}: {d.value}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  );
}

/** One horizontal bar split into parts, with a legend. */
export function Stacked({ parts, label }: { parts: Slice[]; label: string }) {
  const theme = useMantineTheme();
  const sum = Math.max(1, parts.reduce((a, p) => a + p.value, 0));
  const colorOf = (name: string) => {
    const [hue, shade] = name.split(".");
    return theme.colors[hue ?? ""]?.[Number(shade ?? 6)] ?? name;
  };
  return (
    <Stack gap="xs">
      <div role="img" aria-label={label} style={{ display: "flex", height: 36, borderRadius: 6, overflow: "hidden", background: theme.colors.gray[2] }}>
        {parts.map((p) => (
          <div key={p.label} title={`${p.label}: ${p.value}`} style={{ width: `${(p.value * 100) / sum}%`, background: colorOf(p.color) }} />
        ))}
      </div>
      <Group gap="lg">
        {parts.map((p) => (
          <Group key={p.label} gap={6}>
            <span style={{ width: 16, height: 16, borderRadius: 4, background: colorOf(p.color), display: "inline-block" }} />
            <Text fw={700} size="lg">
              {p.label}: {p.value}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
