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
  labels: { week: string; requests: string; accessType: string; leadTitle: string; days: string; measure: string; median: string; p90: string };
}

export function chartSpec(c: ChartInput): TopLevelSpec {
  const weeks = [...new Set([...c.counts.map((x) => x.week), ...c.lead.map((x) => x.week)])].sort();
  const measures = [c.labels.median, c.labels.p90];
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
        encoding: {
          x,
          // Working days, whole or with one decimal ("~" drops a trailing ".0").
          y: { field: 'days', type: 'quantitative', title: c.labels.days, axis: { format: '.1~f', tickMinStep: 0.5 } },
          color: { field: 'measure', type: 'nominal', title: c.labels.measure, scale: { domain: measures }, legend: { orient: 'bottom', direction: 'vertical' } },
        },
        // Median and 90th percentile are often equal: the median is a small circle inside the 90th
        // percentile's larger diamond, so both stay visible where they meet.
        layer: [
          { mark: 'line' },
          {
            mark: { type: 'point', filled: false, strokeWidth: 2, opacity: 1 },
            encoding: {
              shape: { field: 'measure', type: 'nominal', scale: { domain: measures, range: ['circle', 'diamond'] }, legend: null },
              size: { field: 'measure', type: 'ordinal', scale: { domain: measures, range: [60, 260] }, legend: null },
            },
          },
        ],
      },
    ],
  };
}

/**
 * Vega, Vega-Lite and resvg are loaded on the first chart, not at start-up: together they cost the
 * process more start-up time and idle memory than the rest of the app (measured with `npm run bench`),
 * for a picture drawn a few times a month.
 */
export async function renderChartSvg(c: ChartInput): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(chartSpec(c)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** `width`: the picture this many pixels wide (Teams shows an inline image up to 1024×1024); default: twice the chart's size. */
export async function renderChartPng(c: ChartInput, o: { width?: number } = {}): Promise<Buffer> {
  const [{ Resvg }, svg] = await Promise.all([import('@resvg/resvg-js'), renderChartSvg(c)]);
  const fitTo = o.width ? ({ mode: 'width', value: o.width } as const) : ({ mode: 'zoom', value: 2 } as const);
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo })
    .render()
    .asPng();
  return Buffer.from(png);
}
