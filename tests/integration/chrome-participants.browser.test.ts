import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

/** A participant already known on the device, with a given colour (so two can share one). */
async function contextWithParticipant(name: string, speaksFor: string, colour: string): Promise<BrowserContext> {
  const context = await fixture.newContext();
  await context.addInitScript((participant) => localStorage.setItem('koppelbord.participant', JSON.stringify(participant)), {
    id: `${name}-id`,
    name,
    speaksFor,
    colour,
  });
  return context;
}

const listRows = (page: Page) =>
  page.locator('.participants li').evaluateAll((items) =>
    items.map((item) => ({
      name: item.querySelector('.name')?.textContent ?? '',
      colour: (item.querySelector('.dot') as HTMLElement | null)?.style.background ?? '',
      viewer: item.querySelector('.role-badge') !== null,
    })),
  );

interface PeopleEditor {
  getVisibleCollaborators(): { userId: string }[];
}

describe('participants at the board', () => {
  it('the list marks viewers, shows distinct colours, agrees with tldraw’s people menu (idle ones too), and coverage counts who is at the table', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    // Anne and Bram chose the same colour on their devices.
    const anne = await openBoard(await contextWithParticipant('Anne', 'welfare', '#c92a2a'), board.links.edit, 'Anne');
    const bram = await openBoard(await contextWithParticipant('Bram', 'sewerage-water', '#c92a2a'), board.links.edit, 'Bram');
    const vera = await openBoard(await contextWithParticipant('Vera', 'housing', '#1c7ed6'), board.links.view, 'Vera');

    const rows = await waitFor(async () => {
      const current = await listRows(anne);
      return current.length === 3 && new Set(current.map((row) => row.colour)).size === 3 ? current : undefined;
    }, 'three participants with three colours in Anne’s list', 15_000);
    expect(rows.map((row) => [row.name, row.viewer])).toEqual([
      ['Anne', false],
      ['Bram', false],
      ['Vera', true],
    ]);
    expect(await anne.locator('.participants li', { hasText: 'Vera' }).innerText()).toContain('kijkt mee');
    // Bram's list shows the same colours as Anne's.
    await waitFor(async () => JSON.stringify(await listRows(bram)) === JSON.stringify(rows), 'the same list at Bram', 15_000);

    // Two minutes on, nobody moved: tldraw still lists the other two, as our list does
    // (its people menu shows the visible collaborators; after a minute idle it dropped them).
    await anne.clock.setSystemTime(Date.now() + 120_000);
    expect((await anne.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(100_000);
    await waitFor(async () => (await anne.evaluate(() => (window.editor as PeopleEditor).getVisibleCollaborators().length)) === 2, 'tldraw’s people menu with both others');
    expect(await listRows(anne)).toHaveLength(3);

    await anne.getByRole('tab', { name: 'Dekking' }).click();
    // No domain cards yet: welfare, sewerage and housing are at the table through their participants.
    for (const key of ['welfare', 'sewerage-water', 'housing']) {
      await waitFor(() => anne.locator(`li[data-at-the-table="${key}"]`).count(), `${key} at the table`, 15_000);
      expect(await anne.locator(`li[data-missing="${key}"]`).count()).toBe(0);
    }
    expect(await anne.locator('li[data-at-the-table="welfare"]').innerText()).toContain('aan tafel: Anne');
    expect(await anne.locator('li[data-missing="education"]').count()).toBe(1);
    await vera.close();
    await waitFor(async () => (await anne.locator('li[data-missing="housing"]').count()) === 1, 'housing missing once Vera left', 60_000);
  });
});
