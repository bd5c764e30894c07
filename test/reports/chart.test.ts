import { describe, expect, it } from 'vitest';
import { chartSpec, renderChartSvg, type ChartInput } from '../../src/reports/chart.js';

const labels = { week: 'Week', requests: 'Requests', accessType: 'Access type', leadTitle: 'Lead time', days: 'Working days', measure: 'Measure', median: 'Median', p90: '90th percentile' };
const input = (lead: [string, number, number][]): ChartInput => ({
  title: 'November 2026',
  counts: lead.map(([week]) => ({ week, type: 'Fictitious enterprise', requests: 1 })),
  lead: lead.flatMap(([week, median, p90]) => [
    { week, measure: labels.median, days: median },
    { week, measure: labels.p90, days: p90 },
  ]),
  labels,
});

/** The lead-time panel's y-axis labels, read from the SVG as a person reads the picture. */
function leadAxisLabels(svg: string): string[] {
  const axis = /aria-label="Y-axis titled 'Working days'[^"]*">(.*?)role-axis-domain/s.exec(svg)?.[1] ?? '';
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The point marks of the lead-time panel: where each sits and what it draws. */
function leadPoints(svg: string) {
  return [...svg.matchAll(/<path aria-label="[^"]*?measure: ([^";]+)"[^>]*aria-roledescription="point" transform="translate\(([^)]+)\)" d="([^"]+)"/g)].map((m) => ({
    measure: m[1]!,
    at: m[2]!,
    d: m[3]!,
  }));
}

describe('the report chart', () => {
  it('labels the lead-time axis in working days, whole or with one decimal, never 0.000000', async () => {
    const spec = JSON.stringify(chartSpec(input([['2026-W45', 0, 0]])));
    expect(spec).toContain('"format":".1~f"');
    for (const lead of [[['2026-W45', 0, 0]], [['2026-W45', 1.5, 3.25], ['2026-W46', 2, 2]], [['2026-W45', 0.1, 0.2]]] as [string, number, number][][]) {
      const ticks = leadAxisLabels(await renderChartSvg(input(lead)));
      expect(ticks.length).toBeGreaterThan(0);
      for (const t of ticks) expect(t).toMatch(/^\d+(\.\d)?$/);
    }
  });

  it('draws the median and the 90th percentile so that both show where they are equal', async () => {
    const svg = await renderChartSvg(input([['2026-W45', 2, 2]]));
    const points = leadPoints(svg);
    const median = points.find((p) => p.measure === labels.median);
    const p90 = points.find((p) => p.measure === labels.p90);
    expect(median && p90).toBeTruthy();
    // Same place, different shapes and sizes: the median's circle inside the p90's diamond.
    expect(median!.at).toBe(p90!.at);
    expect(median!.d).not.toBe(p90!.d);
    const extent = (d: string) => Math.max(...[...d.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Math.abs(Number(m[0]))));
    expect(extent(median!.d)).toBeLessThan(extent(p90!.d));
    // The p90 diamond is open (no fill), so the median inside it is not covered.
    expect(svg).toMatch(new RegExp(`measure: ${labels.p90}"[^>]*d="M-[\\d.]+,0L0,-[\\d.]+L[\\d.]+,0L0,[\\d.]+Z"(?![^>]*fill="#)`));
  });
});
