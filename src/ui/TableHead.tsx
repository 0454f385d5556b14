/**
 * A table's header row: its text columns, then its right-aligned number columns, then an
 * unlabelled one for row actions.
 */
export function TableHead({
  columns,
  numbers = [],
  actions = false,
}: {
  columns: readonly string[];
  numbers?: readonly string[];
  actions?: boolean;
}) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column}>{column}</th>
        ))}
        {numbers.map((column) => (
          <th key={column} className="num">
            {column}
          </th>
        ))}
        {actions && <th aria-label="Actions" />}
      </tr>
    </thead>
  );
}
