import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const MIN_WIDTH = 200;

/**
 * A uPlot chart in the returned element, drawn again when `data` changes. uPlot draws at a fixed
 * pixel size, so the chart follows its panel's width when the window or the layout changes.
 */
export function useUPlot(options: (width: number) => uPlot.Options, height: number, data: uPlot.AlignedData | null): RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || !data) return;
    const plot = new uPlot(options(Math.max(MIN_WIDTH, element.clientWidth)), data, element);
    const resize = new ResizeObserver(() => {
      const width = Math.max(MIN_WIDTH, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data]);
  return host;
}
