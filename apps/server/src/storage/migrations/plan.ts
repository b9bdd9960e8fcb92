/**
 * One numbered schema change. Steps are frozen once released: a database at version n is
 * brought to the latest by running steps n+1 … latest in order, and a fresh one by running
 * them all, so an upgraded database and a new one end up the same.
 */
export interface MigrationStep {
  version: number;
  /** What the step changes, for the log and for readers of the step list. */
  description: string;
  sql: string;
}

/** A database written by a newer server: this one would misread it, so it refuses to start. */
export class SchemaTooNewError extends Error {
  readonly found: number;
  readonly supported: number;

  constructor(what: string, found: number, supported: number) {
    super(`${what} is at schema version ${found}, newer than this server understands (${supported}): run the newer Koppelbord, or restore a backup made for this version`);
    this.name = 'SchemaTooNewError';
    this.found = found;
    this.supported = supported;
  }
}

/** The latest version of a step list (numbered 1 … n without gaps; checked). */
export function latestVersion(steps: readonly MigrationStep[]): number {
  for (const [index, step] of steps.entries()) {
    if (step.version !== index + 1) throw new Error(`migration steps must be numbered 1, 2, … without gaps: found ${step.version} at position ${index + 1}`);
  }
  return steps.length;
}

/**
 * The steps that bring a database at `current` to the latest version, in order; none when it
 * is there. Throws `SchemaTooNewError` for a database newer than `steps` know.
 */
export function pendingSteps(what: string, current: number, steps: readonly MigrationStep[]): MigrationStep[] {
  const latest = latestVersion(steps);
  if (!Number.isInteger(current) || current < 0) throw new Error(`${what} has an invalid schema version: ${current}`);
  if (current > latest) throw new SchemaTooNewError(what, current, latest);
  return steps.slice(current);
}
