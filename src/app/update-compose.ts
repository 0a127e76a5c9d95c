/**
 * After a compose-managed container was updated: rewrite the service's image in its compose file(s),
 * byte for byte outside the reference (discovery's spans + the generic rewriter), with a backup
 * (`<file>.shipshape.bak`), so that the next `docker compose up` does not revert the update.
 * Only files the labels name and this process can read; anything else is a note, never a failure.
 */
import { isAbsolute, join } from 'node:path';
import { tryParseImageRef } from '../core/image-ref/index.js';
import { applyReplacements, editsFor, splitImageRef, type TextEdit } from '../core/rewrite/index.js';
import type { ImageVersionRef } from '../core/rollout/types.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import type { RolloutDeps } from './rollout-deps.js';
import { errorMessage, type StepLog } from './rollout-steps.js';

export const COMPOSE_FILES_LABEL = 'com.docker.compose.project.config_files';
export const COMPOSE_WORKDIR_LABEL = 'com.docker.compose.project.working_dir';
const SERVICE_LABEL = 'com.docker.compose.service';

const sameRepository = (a: string, b: string): boolean => {
  const x = tryParseImageRef(a);
  const y = tryParseImageRef(b);
  return x.ok && y.ok && x.ref.registry === y.ref.registry && x.ref.repository === y.ref.repository;
};

/** Rollouts run in parallel; rewrites of one file must not interleave (read, edit, write). */
const fileLocks = new Map<string, Promise<unknown>>();
async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = fileLocks.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  fileLocks.set(file, next);
  try {
    return await next;
  } finally {
    if (fileLocks.get(file) === next) fileLocks.delete(file);
  }
}

/** Returns a note for the report when a file could not be rewritten, else null. */
export async function rewriteComposeFiles(
  deps: RolloutDeps,
  log: StepLog,
  inspect: ContainerInspect,
  to: ImageVersionRef,
): Promise<string | null> {
  const compose = deps.compose;
  const labels = inspect.Config.Labels ?? {};
  const fileList = labels[COMPOSE_FILES_LABEL];
  const service = labels[SERVICE_LABEL];
  if (!compose || !fileList || !service) return null;
  const workdir = labels[COMPOSE_WORKDIR_LABEL] ?? '/';
  const files = fileList
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => (isAbsolute(f) ? f : join(workdir, f)));
  const target = splitImageRef(to.image);
  if (!target.ok) return null;

  const t0 = deps.clock.now();
  const written: string[] = [];
  const problems: string[] = [];
  let reachable = 0;
  let found = 0;
  for (const file of files) {
    await withFileLock(file, async () => {
      let text: string;
      try {
        text = await compose.files.read(file);
        reachable++;
      } catch {
        return;
      }
      try {
        const refs = (await compose.scan(file)).filter(
          (r) => r.kind === 'compose' && r.meta?.['service'] === service,
        );
        const edits: TextEdit[] = [];
        for (const ref of refs) {
          found++;
          if (!sameRepository(ref.image, to.image)) {
            problems.push(
              `${file}: services.${service}.image is ${ref.image}, not ${target.parts.name}; left alone`,
            );
            continue;
          }
          const original = splitImageRef(ref.image);
          const hadDigest = original.ok && original.parts.digest !== undefined;
          const r = editsFor({
            reference: ref,
            newTag: target.parts.tag ?? null,
            newDigest: hadDigest ? (target.parts.digest ?? to.digest) : null,
            keepDigest: false,
          });
          if (r.ok) edits.push(...r.edits);
          else problems.push(r.error);
        }
        if (edits.length === 0) return;
        const applied = applyReplacements(text, edits);
        if (!applied.ok) {
          problems.push(`${file}: ${applied.error}`);
          return;
        }
        if (applied.text === text) return;
        await compose.files.write(`${file}.shipshape.bak`, text);
        await compose.files.write(file, applied.text);
        written.push(file);
      } catch (e) {
        problems.push(`${file}: ${errorMessage(e)}`);
      }
    });
  }
  if (reachable === 0) {
    deps.logger.info(`compose files of ${service} are not reachable from here; not rewritten`, { files });
    return null;
  }
  if (found === 0) problems.push(`no image for service ${service} in ${files.join(', ')}`);
  const ok = problems.length === 0;
  log.add(
    'compose-file',
    ok,
    deps.clock.now() - t0,
    [...written.map((f) => `rewrote ${f}`), ...problems].join('; ') || 'unchanged',
  );
  return ok ? null : `compose file not rewritten: ${problems.join('; ')}`;
}
