import { accessSync, constants, statSync } from 'node:fs';

const systemChromium = '/usr/bin/chromium';

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    // access() says yes to root for any file; an executable has an execute bit.
    const stat = statSync(file);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The Chromium the server renders board images with: `configured` (CHROMIUM_PATH) when
 * given, else the system's `/usr/bin/chromium` when it is executable, else none (`null`):
 * the owner's browser then makes the images. A configured path that is not an executable
 * file is `null` too, not a silent fall-back to another browser.
 */
export function findChromium(configured: string | undefined): string | null {
  if (configured !== undefined && configured.trim() !== '') return isExecutableFile(configured) ? configured : null;
  return isExecutableFile(systemChromium) ? systemChromium : null;
}
