// Archive packages built off the server process (issue 11): a forked, low-priority process
// that renders a snapshot's images or checks the owner's upload, and builds the package.
export { PackageProcess, type AssetLookup, type PackageProcessOptions, type Packaged } from './package-process.ts';
export { PackageBuildError } from './errors.ts';
export type { AssetBytes, PackageInput, PackageJob } from './jobs.ts';
