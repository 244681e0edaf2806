// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeSeriesChart } from './TimeSeriesChart';

afterEach(cleanup);

const series = [{ key: 'written', label: 'Written', color: 'red' }];
const chart = (values: number[]) => (
  <TimeSeriesChart
    title="Throughput"
    unit="msg/s"
    data={values.map((v, i) => ({ at: i * 1000, written: v }))}
    series={series}
    formatValue={(v) => String(Math.round(v))}
    emptyText="none"
    note={<span>Drains in about 2 min</span>}
  />
);

describe('TimeSeriesChart', () => {
  it('after a start-up spike, scales to the steady rate and marks the clipped peak', () => {
    render(chart([3000, 2500, 1800, ...Array.from({ length: 300 }, () => 5)]));
    expect(screen.getByText(/▲ peak 3000 msg\/s/)).toBeTruthy();
    // The axis tops out near the steady rate, not at 3,000.
    const labels = [...document.querySelectorAll('.axis-text')].map((t) => t.textContent ?? '');
    expect(labels).toContain('10');
    expect(labels).not.toContain('3000');
  });

  it('an ordinary series is drawn to its own maximum, with no mark', () => {
    render(chart(Array.from({ length: 300 }, (_, i) => 10 + (i % 20))));
    expect(screen.queryByText(/peak/)).toBeNull();
  });

  it('shows the note in the caption beside the title and unit', () => {
    render(chart([1, 2, 3]));
    const caption = document.querySelector('figcaption');
    expect(caption?.textContent).toContain('Throughput');
    expect(caption?.textContent).toContain('msg/s');
    expect(caption?.textContent).toContain('Drains in about 2 min');
  });
});
