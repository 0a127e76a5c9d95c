import type { CheckReport } from '../../core/plan/report.js';
import { describeUpdate } from './table.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table, e.g. for a pull-request comment or a CI job summary. */
export function formatMarkdown(report: CheckReport): string {
  const lines = ['| File | Line | Image | Status | Updates |', '| --- | ---: | --- | --- | --- |'];
  for (const r of report.references) {
    const what =
      r.status === 'update-available'
        ? r.updates.map(describeUpdate).join('<br>')
        : r.status === 'error'
          ? (r.error ?? '')
          : r.status === 'skipped'
            ? (r.skipReason ?? '')
            : '';
    const where = r.file ?? (r.container !== undefined ? `${r.host ?? 'local'}/${r.container}` : '');
    lines.push(`| ${cell(where)} | ${r.line ?? ''} | \`${cell(r.image)}\` | ${r.status} | ${cell(what)} |`);
  }
  const s = report.summary;
  lines.push(
    '',
    `**${s.references}** references: **${s.updateAvailable}** with updates, ${s.upToDate} up to date, ${s.skipped} skipped, ${s.errors} errors.`,
  );
  for (const p of report.problems ?? [])
    lines.push(`- ⚠️ \`${cell(p.file)}:${p.line}:${p.column}\`: ${cell(p.message)}`);
  return lines.join('\n') + '\n';
}
