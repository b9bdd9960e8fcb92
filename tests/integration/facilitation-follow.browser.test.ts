/**
 * "Bring everyone here" and presenter mode with three participants: the owner's summon moves
 * the others' views once; while she presents they follow her, see that they follow, and can
 * leave (the button, or by panning); someone who joins during the presentation follows too.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface ViewEditor {
  getViewportPageBounds(): { x: number; y: number; w: number; h: number; center: { x: number; y: number } };
  getViewportScreenBounds(): { w: number; h: number };
  getCollaborators(): { userId: string; camera?: { x: number; y: number; z: number }; screenBounds?: { w: number; h: number } }[];
  setCamera(camera: { x: number; y: number; z: number }): unknown;
  getInstanceState(): { followingUserId: string | null };
  user: { getRecordId(): string };
}

/** The centre of a tab's view, in page coordinates. */
const centreOf = (page: Page) => page.evaluate(() => (window.editor as ViewEditor).getViewportPageBounds().center);
const followingOf = (page: Page) => page.evaluate(() => (window.editor as ViewEditor).getInstanceState().followingUserId);
const announcement = (page: Page) => page.locator('.facilitation-announcer').innerText();

/** Puts a tab's camera so that `centre` is in the middle of its view (someone looking somewhere). */
async function lookAt(page: Page, centre: { x: number; y: number }, zoom = 1): Promise<void> {
  await page.evaluate(
    ([cx, cy, z]) => {
      const editor = window.editor as ViewEditor;
      // With camera (x, y, z) the view's top left is (-x, -y), and it is screen / z wide and high.
      const { w, h } = editor.getViewportScreenBounds();
      editor.setCamera({ x: -(cx - w / z / 2), y: -(cy - h / z / 2), z });
    },
    [centre.x, centre.y, zoom] as const,
  );
}

/** The centre of the owner's view as another tab knows it (from her presence). */
const annaSeenBy = (page: Page, annaId: string) =>
  page.evaluate((id) => {
    const presence = (window.editor as ViewEditor).getCollaborators().find((c) => c.userId === id);
    if (!presence?.camera || !presence.screenBounds) return null;
    const { x, y, z } = presence.camera;
    return { x: -x + presence.screenBounds.w / z / 2, y: -y + presence.screenBounds.h / z / 2 };
  }, annaId);

const near = (a: { x: number; y: number }, b: { x: number; y: number }, tolerance = 40) => Math.abs(a.x - b.x) <= tolerance && Math.abs(a.y - b.y) <= tolerance;

async function openControls(owner: Page): Promise<void> {
  await owner.getByRole('button', { name: 'Sessie leiden' }).click();
  await owner.getByRole('dialog', { name: 'Sessie leiden' }).waitFor();
}

describe('bring everyone here and presenter mode', () => {
  it('a summon moves the others once; a presentation makes them follow until they leave; a joiner follows too', async () => {
    const board = await fixture.server.createBoard('Wijk Oost');
    const ownerLink = `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`;
    const anna = await openBoard(await fixture.newContext(), ownerLink, 'Anna');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'sewerage-water');
    const veraContext = await fixture.newContext();
    let vera = await openBoard(veraContext, board.links.view, 'Vera', 'housing');
    const annaId = await anna.evaluate(() => (window.editor as ViewEditor).user.getRecordId());
    // Everyone has the others' presence before anything is asked of them.
    for (const page of [anna, bram, vera]) {
      await waitFor(async () => (await page.evaluate(() => (window.editor as ViewEditor).getCollaborators().length)) === 2, 'two collaborators in each tab', 15_000);
    }

    // Bring everyone here: Anna looks far away, then summons.
    const far = { x: 4_000, y: 2_500 };
    await lookAt(anna, far, 0.75);
    expect(near(await centreOf(anna), far, 2)).toBe(true);
    expect(near(await centreOf(bram), far)).toBe(false);
    await openControls(anna);
    await anna.getByRole('button', { name: 'Iedereen hierheen' }).click();
    for (const page of [bram, vera]) await waitFor(async () => near(await centreOf(page), far), 'the others brought to Anna’s view');
    await waitFor(async () => (await announcement(bram)).includes('Je beeld is verplaatst naar dat van Anna'), 'Bram to hear he was brought here');
    // One-shot: Bram looks elsewhere and stays there.
    const bramOwn = { x: -1_000, y: -1_000 };
    await lookAt(bram, bramOwn);
    await lookAt(anna, { x: 4_500, y: 2_500 }, 0.75);
    await waitFor(async () => near(await centreOf(anna), { x: 4_500, y: 2_500 }, 2), 'Anna’s own move');
    expect(near(await centreOf(bram), bramOwn, 2)).toBe(true);
    expect(await followingOf(bram)).toBeNull();

    // Presenting: both follow Anna's view, say so, and keep following as she moves.
    await openControls(anna);
    await anna.getByRole('button', { name: 'Presenteren' }).click();
    await anna.getByText('Je presenteert').waitFor();
    for (const page of [bram, vera]) {
      await waitFor(async () => (await followingOf(page)) === annaId, 'the others to follow Anna');
      await page.getByText('Je volgt Anna').waitFor();
    }
    await waitFor(async () => (await announcement(vera)).includes('Anna presenteert; je volgt mee.'), 'Vera to hear the presentation');
    const stop1 = { x: -3_000, y: 1_200 };
    await lookAt(anna, stop1);
    for (const page of [bram, vera]) await waitFor(async () => near(await centreOf(page), stop1), 'the others to follow Anna’s move');

    // Bram leaves with the button; Vera by panning the canvas herself (the mouse wheel).
    await bram.getByRole('button', { name: 'Stoppen met volgen' }).click();
    await waitFor(async () => (await followingOf(bram)) === null, 'Bram to stop following');
    expect(await bram.getByText('Je volgt Anna').count()).toBe(0);
    const canvas = await vera.locator('.tl-canvas').boundingBox();
    await vera.mouse.move(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2);
    await vera.mouse.wheel(0, 400);
    await waitFor(async () => (await followingOf(vera)) === null, 'Vera to stop following by panning');
    await waitFor(async () => (await vera.getByText('Je volgt Anna').count()) === 0, 'Vera’s follow notice gone');

    // Anna moves on: those who left stay where they are, and are not pulled back in.
    const bramLeftAt = await centreOf(bram);
    const stop2 = { x: 6_000, y: -4_000 };
    await lookAt(anna, stop2);
    await waitFor(async () => near(await centreOf(anna), stop2, 2), 'Anna’s next move');
    // Anna's move has reached the others (her presence), and they did not follow it.
    for (const page of [bram, vera]) await waitFor(async () => near((await annaSeenBy(page, annaId)) ?? { x: 0, y: 0 }, stop2, 2), 'Anna’s new view known to the others');
    expect(near(await centreOf(bram), bramLeftAt, 2)).toBe(true);
    expect(await followingOf(bram)).toBeNull();
    expect(await followingOf(vera)).toBeNull();

    // Vera reloads (a new joiner during the presentation): she follows again.
    await vera.close();
    vera = await veraContext.newPage();
    await vera.goto(board.links.view);
    await joinIfAsked(vera, 'Vera', 'housing');
    await waitFor(async () => (await followingOf(vera)) === annaId, 'the joiner to follow Anna', 15_000);
    await waitFor(async () => near(await centreOf(vera), stop2), 'the joiner at Anna’s view');
    await vera.getByText('Je volgt Anna').waitFor();

    // Anna stops presenting: the follower is let go and told.
    await anna.getByRole('button', { name: 'Stoppen met presenteren' }).click();
    await waitFor(async () => (await followingOf(vera)) === null, 'Vera let go');
    await waitFor(async () => (await announcement(vera)).includes('Anna is gestopt met presenteren'), 'Vera to hear the end of the presentation');
  });
});
