/** The vulnerability commands: scan, db update, db status. Registered by program.ts. */
import { Option, type Command } from 'commander';
import type { ContextOptions } from '../main.js';
import { dbStatusCommand, dbUpdateCommand } from './db-command.js';
import { SCAN_FORMATS, SCAN_SCANNERS, scanCommand, type ScanCommandOptions } from './scan-command.js';

export interface ScanCommandHost {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
  readonly color: boolean;
  contextOptions(): Omit<ContextOptions, 'paths' | 'noStore'>;
  setExitCode(code: number): void;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerScanCommands(program: Command, host: ScanCommandHost): void {
  const io = { stdout: host.stdout, stderr: host.stderr, color: host.color };

  program
    .command('scan')
    .description('list the vulnerabilities of an image; with --against, what changes from another image')
    .argument('<image>', 'the image, e.g. registry.example/team/app:2.0 or …@sha256:…')
    .option(
      '--against <image>',
      'compare with this image (the one IMAGE replaces): fixed = in it and not in IMAGE, introduced = the reverse',
    )
    .addOption(new Option('--format <format>', 'output format').choices(SCAN_FORMATS).default('table'))
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding is at or above: critical, high, medium, low (with --against: an introduced finding)',
    )
    .addOption(
      new Option('--scanner <name>', 'scanner (default: scan.scanner, else builtin)').choices(SCAN_SCANNERS),
    )
    .option(
      '--platform <os/arch>',
      'the platform of a multi-platform image (default: platform in the config, else the host’s)',
    )
    .option('--report <file>', "read IMAGE's findings from a Trivy (--format json) or Grype (-o json) report")
    .option('--against-report <file>', 'read the --against image’s findings from such a report')
    .option('--no-store', 'do not read or write the state database (inventory cache)')
    .action(async (image: string, opts: ScanCommandOptions) => {
      host.setExitCode(await scanCommand(image, opts, host.contextOptions(), io));
    });

  const db = program
    .command('db')
    .description('the OSV advisory database the builtin scanner matches against');
  const format = (): Option =>
    new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

  db.command('update')
    .description('download (or read), verify and load advisories from scan.advisoryDb.sources or --source')
    .option(
      '--source <url|dir>',
      'an OSV export base URL or a directory of OSV JSON files (repeatable)',
      collect,
    )
    .option(
      '--ecosystem <name>',
      'with a --source URL: an OSV ecosystem to load, e.g. Debian (repeatable)',
      collect,
    )
    .addOption(format())
    .action(async (opts: { source?: string[]; ecosystem?: string[]; format: string }) => {
      host.setExitCode(await dbUpdateCommand(opts, host.contextOptions(), io));
    });

  db.command('status')
    .description('when the advisory database was updated, from where, and advisories per ecosystem')
    .addOption(format())
    .action(async (opts: { format: string }) => {
      host.setExitCode(await dbStatusCommand(opts, host.contextOptions(), io));
    });
}
