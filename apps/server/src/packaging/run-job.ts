import { readFile, writeFile } from 'node:fs/promises';
import type { UnknownRecord } from '@tldraw/store';
import { buildArchivePackage, snapshotRecords } from '../archive/index.ts';
import { checkUploadedRender, RenderError, UploadedRenderError, type BoardRenderer, type RenderedBoard, type RenderInput } from '../render/index.ts';
import type { AssetBytes, ChildSettings, JobFailure, PackagedSnapshot, PackageInput, StagedInput, StagedJob } from './jobs.ts';

/**
 * One package job, start to end, in the package process: the snapshot's valid records, its
 * images (rendered here, or the upload checked), the package built and its ZIP written to
 * `zipFile`. Throws a `JobFailed` naming the step that failed.
 */
export async function runPackageJob(
  job: StagedJob,
  zipFile: string,
  settings: ChildSettings,
  services: { renderer: () => BoardRenderer; assets: (sources: string[]) => Promise<AssetBytes> },
): Promise<PackagedSnapshot> {
  const input = await unstage(job.input);
  const { records, schema } = snapshotRecords(input.state);
  const assets = await services.assets(assetSources(records));
  const rendered =
    job.kind === 'render'
      ? await render({ records: inlineImages(records, assets), schema, locale: input.board.language }, services.renderer())
      : await checkUpload(job.uploadFile, records, settings);
  let built;
  try {
    built = await buildArchivePackage({ ...input, assets, pages: rendered.pages }, { pdfA: settings.pdfA });
  } catch (error) {
    throw new JobFailed({ step: 'build', code: 'build_failed', message: messageOf(error) });
  }
  await writeFile(zipFile, built.zip);
  const { zip: _zip, files: _files, ...rest } = built;
  return { ...rest, zipFile, thumbnail: rendered.thumbnail };
}

/** The input with its states read back from the files the server wrote them to. */
async function unstage({ stateFile, previous, ...input }: StagedInput): Promise<PackageInput> {
  try {
    const [state, previousState] = await Promise.all([readFile(stateFile), previous && readFile(previous.stateFile)]);
    return { ...input, state, previous: previous && previousState ? { label: previous.label, createdAt: previous.createdAt, state: previousState } : null };
  } catch (error) {
    throw new JobFailed({ step: 'build', code: 'build_failed', message: `the snapshot's state could not be read: ${messageOf(error)}` });
  }
}

export class JobFailed extends Error {
  readonly failure: JobFailure;
  constructor(failure: JobFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

async function render(input: RenderInput, renderer: BoardRenderer): Promise<RenderedBoard> {
  try {
    return await renderer.render(input);
  } catch (error) {
    throw new JobFailed({ step: 'render', code: error instanceof RenderError ? error.code : 'render_failed', message: messageOf(error) });
  }
}

async function checkUpload(file: string, records: UnknownRecord[], settings: ChildSettings): Promise<RenderedBoard> {
  try {
    let uploaded: unknown;
    try {
      uploaded = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      throw new UploadedRenderError('invalid_render', 'The uploaded images must be JSON');
    }
    return checkUploadedRender({ records }, uploaded, { maxBytes: settings.maxRenderUploadBytes });
  } catch (error) {
    throw new JobFailed({ step: 'upload', code: error instanceof UploadedRenderError ? error.code : 'invalid_render', message: messageOf(error) });
  }
}

/** The `src` of every image the records show. */
function assetSources(records: readonly UnknownRecord[]): string[] {
  const sources = new Set<string>();
  for (const record of records) {
    const src = (record as { props?: { src?: unknown } }).props?.src;
    if (record.typeName === 'asset' && typeof src === 'string' && src) sources.add(src);
  }
  return [...sources];
}

/** The records with every image whose bytes are in `assets` (by `src`) as a data URL: the render page reaches nothing but its own files. */
function inlineImages(records: readonly UnknownRecord[], assets: AssetBytes): UnknownRecord[] {
  return records.map((record) => {
    const props = (record as { props?: { src?: unknown } }).props;
    const asset = record.typeName === 'asset' && typeof props?.src === 'string' ? assets.get(props.src) : undefined;
    if (!asset) return record;
    return { ...record, props: { ...props, src: `data:${asset.mimeType};base64,${Buffer.from(asset.data).toString('base64')}` } } as UnknownRecord;
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
