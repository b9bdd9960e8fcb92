/**
 * The tldraw license key: the server puts `TLDRAW_LICENSE_KEY` into the page at serve time
 * (a meta tag); a key given at build time is the fallback. Without one tldraw runs in its
 * unlicensed mode, which is fine on localhost and in development.
 */
export function licenseKey(): string | undefined {
  const served = document.querySelector<HTMLMetaElement>('meta[name="tldraw-license-key"]')?.content;
  return served || import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined;
}
