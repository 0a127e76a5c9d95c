import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './errors.js';
import { findingsFromZod } from './issues.js';
import { byPosition, formatIssue, placeFinding } from './locate.js';
import { normalizeConfig, type NormalizeContext } from './normalize.js';
import { ConfigSchema } from './schema.js';
import type { ConfigIssue, NormalizedConfig } from './types.js';

export interface ParseConfigContext extends NormalizeContext {
  /** The file as shown in messages, e.g. "shipshape.yaml". */
  readonly file: string;
}

/**
 * Parses, validates and normalizes the text of a config file. Throws ConfigError
 * (CONFIG_INVALID) listing every problem at its line; warnings come back as formatted lines.
 */
export function parseConfigText(
  text: string,
  ctx: ParseConfigContext,
): { config: NormalizedConfig; warnings: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined): { line: number; column: number } => {
    const pos = lines.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };

  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e): ConfigIssue => ({
      file: ctx.file,
      ...at(e.pos[0]),
      path: '',
      message: `YAML syntax: ${e.message}`,
    }));
    throw new ConfigError(ctx.file, issues);
  }
  const yamlWarnings = doc.warnings.map((w) =>
    formatIssue({ file: ctx.file, ...at(w.pos[0]), path: '', message: `YAML: ${w.message}` }),
  );

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new ConfigError(
      ctx.file,
      [{ file: ctx.file, line: 0, column: 0, path: '', message: `YAML: ${message}` }],
      {
        cause: e,
      },
    );
  }

  const place = (finding: Parameters<typeof placeFinding>[0]): ConfigIssue =>
    placeFinding(finding, ctx.file, doc, lines);
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issues = findingsFromZod(parsed.error.issues, ConfigSchema, data).map(place).sort(byPosition);
    throw new ConfigError(ctx.file, issues);
  }
  const { config, errors, warnings } = normalizeConfig(parsed.data, ctx);
  if (errors.length > 0) throw new ConfigError(ctx.file, errors.map(place).sort(byPosition));
  return { config, warnings: [...yamlWarnings, ...warnings.map(place).sort(byPosition).map(formatIssue)] };
}
