// Completions over time as a server-rendered SVG: monthly new certificates (bars) and the running
// total (line), with a title and description for screen readers and the same numbers as a table.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { DataTable, useDateTimeContext } from "~/components/ui";
import { formatMonthKey } from "~/utils/date-time";

export type ChartPoint = { month: string; completions: number; cumulative: number };

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 16, bottom: 40, left: 44 };

function niceMax(value: number) {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  for (const s of steps) if (s * magnitude >= value) return s * magnitude;
  return 10 * magnitude;
}

export function CompletionChart({ points }: { points: ChartPoint[] }) {
  const { t } = useTranslation("organizations");
  const { language } = useDateTimeContext();
  const monthLabel = (month: string, style: "short" | "long" = "short") => formatMonthKey(month, language, style);
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const max = niceMax(Math.max(0, ...points.map((p) => p.cumulative)));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = innerW / Math.max(points.length, 1);
  const x = (i: number) => PAD.left + step * i + step / 2;
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.cumulative).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points.at(-1);
  const total = points.reduce((sum, p) => sum + p.completions, 0);
  const description =
    first && last
      ? t("team.chart.desc", {
          from: monthLabel(first.month, "long"),
          to: monthLabel(last.month, "long"),
          total,
          start: first.cumulative - first.completions,
          end: last.cumulative,
        })
      : "";
  return (
    <figure className="mt-4">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="h-auto w-full max-w-3xl"
      >
        <title id={titleId}>{t("team.chart.title")}</title>
        <desc id={descId}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#cbd5e1" strokeWidth={1} />
            <text x={PAD.left - 8} y={y(tick) + 4} textAnchor="end" fontSize={12} fill="#334155">
              {tick}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const barW = Math.min(24, step * 0.5);
          return (
            <g key={p.month}>
              {p.completions > 0 ? (
                <rect
                  x={x(i) - barW / 2}
                  y={y(p.completions)}
                  width={barW}
                  height={PAD.top + innerH - y(p.completions)}
                  fill="#64748b"
                />
              ) : null}
              <text x={x(i)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle" fontSize={11} fill="#334155">
                {monthLabel(p.month)}
              </text>
            </g>
          );
        })}
        <path d={line} fill="none" stroke="#0b4a55" strokeWidth={3} />
        {points.map((p, i) => (
          <circle key={p.month} cx={x(i)} cy={y(p.cumulative)} r={4} fill="#0b4a55" />
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-slate-800">
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className="inline-block h-1 w-6 bg-brand-700" />
          {t("team.chart.cumulative")}
        </span>
        <span className="flex items-center gap-2">
          <span aria-hidden="true" className="inline-block h-3 w-3 bg-slate-500" />
          {t("team.chart.monthly")}
        </span>
      </figcaption>
      <details className="mt-3">
        <summary className="cursor-pointer">{t("team.chart.showTable")}</summary>
        <DataTable
          className="mt-2 max-w-xl"
          caption={t("team.chart.title")}
          rows={points}
          rowKey={(p) => p.month}
          columns={[
            { key: "month", header: t("team.chart.month"), rowHeader: true, cell: (p) => monthLabel(p.month, "long") },
            { key: "monthly", header: t("team.chart.monthly"), numeric: true, cell: (p) => p.completions },
            { key: "cumulative", header: t("team.chart.cumulative"), numeric: true, cell: (p) => p.cumulative },
          ]}
        />
      </details>
    </figure>
  );
}
