import { unzipSync } from 'fflate';
import type { VerifiedFile, VerifyResponse } from '@koppelbord/contract';
import { parseBagInfo, parseManifest, payloadOxum, TAG_FILES } from './bagit.ts';
import { sha256Hex } from './hash.ts';

const decoder = new TextDecoder();

/**
 * Re-checks a package: unzips it, finds the bag (the one top-level folder), and recomputes
 * every payload file's SHA-256 against manifest-sha256.txt and every tag file's against
 * tagmanifest-sha256.txt. Each file is `ok`, `mismatch`, `missing` (listed, absent) or
 * `unlisted` (present, not listed). Valid only when every file is ok and the Payload-Oxum
 * matches the payload. Never throws on bad input: a ZIP that cannot be read is not valid.
 */
export function verifyArchivePackage(zip: Uint8Array): VerifyResponse {
  const sha256 = sha256Hex(zip);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    return { valid: false, sha256, files: [] };
  }
  const paths = Object.keys(entries).filter((path) => !path.endsWith('/'));
  const roots = new Set(paths.map((path) => path.split('/')[0]!));
  if (roots.size !== 1 || paths.some((path) => !path.includes('/'))) return { valid: false, sha256, files: [] };
  const root = `${[...roots][0]}/`;
  const bag = new Map(paths.map((path) => [path.slice(root.length), entries[path]!]));

  const files: VerifiedFile[] = [];
  const check = (listed: Map<string, string>, present: (path: string) => boolean) => {
    for (const [path, hash] of listed) {
      const data = bag.get(path);
      files.push({ path, result: data === undefined ? 'missing' : sha256Hex(data) === hash ? 'ok' : 'mismatch' });
    }
    for (const path of bag.keys()) if (present(path) && !listed.has(path)) files.push({ path, result: 'unlisted' });
  };

  const text = (path: string) => {
    const data = bag.get(path);
    return data === undefined ? null : decoder.decode(data);
  };
  const manifestText = text(TAG_FILES.manifest);
  const tagManifestText = text(TAG_FILES.tagManifest);
  if (manifestText === null) files.push({ path: TAG_FILES.manifest, result: 'missing' });
  if (tagManifestText === null) files.push({ path: TAG_FILES.tagManifest, result: 'missing' });
  const payloadListed = parseManifest(manifestText ?? '');
  const tagListed = parseManifest(tagManifestText ?? '');
  check(payloadListed, (path) => path.startsWith('data/'));
  check(tagListed, (path) => !path.startsWith('data/') && path !== TAG_FILES.tagManifest);
  if (!bag.has(TAG_FILES.bagit) && !tagListed.has(TAG_FILES.bagit)) files.push({ path: TAG_FILES.bagit, result: 'missing' });

  const payload = [...bag].filter(([path]) => path.startsWith('data/')).map(([path, data]) => ({ path, data }));
  const oxum = parseBagInfo(text(TAG_FILES.bagInfo) ?? '').get('Payload-Oxum');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const valid = files.length > 0 && files.every((file) => file.result === 'ok') && oxum === payloadOxum(payload) && tagManifestText !== null;
  return { valid, sha256, files };
}
