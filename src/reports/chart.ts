import type { TopLevelSpec } from 'vega-lite';

/**
 * The report's picture: requests per week stacked by access type, beside the median and 90th
 * percentile working days from submission to completion per week. A Vega-Lite spec, rendered to
 * SVG by Vega without a browser and to PNG by resvg, with the system's fonts (DejaVu on Debian): no
 * network, nothing drawn by hand.
 */
export interface ChartInput {
  title: string;
  counts: { week: string; type: string; requests: number }[];
  lead: { week: string; measure: string; days: number }[];
  labels: { week: string; requests: string; accessType: string; leadTitle: string; days: string; measure: string };
}

export function chartSpec(c: ChartInput): TopLevelSpec {
  const weeks = [...new Set([...c.counts.map((x) => x.week), ...c.lead.map((x) => x.week)])].sort();
  const x = { field: 'week', type: 'ordinal' as const, title: c.labels.week, sort: weeks, scale: { domain: weeks }, axis: { labelAngle: -45 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: c.title,
    background: 'white',
    config: { font: 'DejaVu Sans', legend: { labelLimit: 320 } },
    // Two legends: access types on the left, median and p90 on the right.
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      {
        width: 360,
        height: 220,
        data: { values: c.counts },
        mark: 'bar',
        encoding: {
          x,
          y: { field: 'requests', type: 'quantitative', aggregate: 'sum', title: c.labels.requests, axis: { tickMinStep: 1 } },
          color: { field: 'type', type: 'nominal', title: c.labels.accessType, legend: { orient: 'bottom', direction: 'vertical' } },
        },
      },
      {
        width: 360,
        height: 220,
        title: c.labels.leadTitle,
        data: { values: c.lead },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'days', type: 'quantitative', title: c.labels.days },
          color: { field: 'measure', type: 'nominal', title: c.labels.measure, legend: { orient: 'bottom', direction: 'vertical' } },
        },
      },
    ],
  };
}

/**
 * Vega, Vega-Lite and resvg are loaded on the first chart, not at start-up: together they cost the
 * process more start-up time and idle memory than the rest of the app (measured with `npm run bench`),
 * for a picture drawn a few times a month.
 */
export async function renderChartPng(c: ChartInput): Promise<Buffer> {
  const [{ Resvg }, vega, { compile }] = await Promise.all([import('@resvg/resvg-js'), import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(chartSpec(c)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } })
    .render()
    .asPng();
  return Buffer.from(png);
}
