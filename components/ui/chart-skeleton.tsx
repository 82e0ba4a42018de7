/**
 * The grey box where a chart will be, while it loads. It says so in words a screen reader reads: an
 * `aria-label` on a plain div is not allowed (axe's aria-prohibited-attr), and was ignored.
 */
export function ChartSkeleton({ label }: { label: string }) {
  return (
    <div className="skeleton chart-skeleton">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
