/** Why a package job was refused or failed outside its steps; `code` says which, for the caller's answer. */
export class PackageBuildError extends Error {
  override name = 'PackageBuildError';
  readonly code: 'queue_full' | 'timeout' | 'worker_failed' | 'build_failed' | 'closed';
  constructor(code: PackageBuildError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
