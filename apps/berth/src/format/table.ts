import Table from 'cli-table3';
import type { Io } from '../io';

/**
 * Rows under headers: a bordered cli-table3 table on a terminal, plain aligned columns otherwise
 * (what `docker ps` prints, easy to grep and cut).
 */
export function printTable(io: Io, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  if (io.tty) {
    const table = new Table({
      head: headers.map((h) => io.color.bold(h)),
      style: { head: [], border: [], compact: true },
      wordWrap: true,
    });
    for (const row of rows) table.push([...row]);
    io.out(table.toString());
    return;
  }
  const visible = (text: string): number => text.length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd();
  io.out(line(headers));
  for (const row of rows) io.out(line(row));
}
