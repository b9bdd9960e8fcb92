/**
 * The URL of a file the server starts on its own (a worker thread, a child process) that lies
 * next to the module asking (`from`: its `import.meta.url`): `./name.ts` when running from the
 * sources, `./name.js` in the bundle, where build.ts puts every entry and chunk in `dist/`.
 */
export function entryUrl(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}
