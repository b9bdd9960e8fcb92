/** Where the archive page lives: its own module, so that linking to the page does not load it. */
export const archivePath = '/archief';
