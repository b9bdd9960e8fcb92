/** A link that opens a board; the token rides in the fragment, so browsers never send it to a server or a log. */
export const boardLink = (base: string, id: string, token: string) => `${base}/b/${id}#token=${token}`;
