/**
 * Voting rounds in the browser (issue 14), three participants: the owner starts a round from
 * the voting bar, two participants vote in the card panel ("n of m votes left"), the votes stay
 * hidden (cards, register, the board document) until the owner reveals them, then every page
 * shows the totals on the cards and in the register; a weighted round counts each domain as
 * one participant; a participant cannot go over the limit, in the page or past it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { participantKeyHeader } from '@koppelbord/contract';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface VotingEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  getShape(id: string): unknown;
  getDocumentSettings(): { meta: Record<string, unknown> };
}

const heat = 'shape:heat-network';
const school = 'shape:schoolyard';

async function select(page: Page, id: string): Promise<void> {
  await page.evaluate((shapeId) => {
    (window.editor as VotingEditor).select(shapeId);
  }, id);
  await page.getByRole('tab', { name: 'Kaart' }).click();
  await page.getByRole('form', { name: 'Koppelkans' }).waitFor();
}

const cardLine = (page: Page, id: string) => page.locator(`[data-shape-id="${id}"] .kb-card__line`).first().innerText();
const votingPanel = (page: Page) => page.getByRole('form', { name: 'Koppelkans' }).getByRole('region', { name: 'Stemmen' });
const bar = (page: Page) => page.getByRole('region', { name: 'Stemronde' });
const announcement = (page: Page) => page.locator('[data-voting-announcement]').innerText();

async function vote(page: Page, id: string, times: number): Promise<void> {
  await select(page, id);
  const panel = votingPanel(page);
  for (let i = 0; i < times; i++) {
    const before = Number(await panel.locator('[data-my-votes]').getAttribute('data-my-votes'));
    await panel.getByRole('button', { name: 'Stem erbij op deze kans' }).click();
    await waitFor(async () => Number(await panel.locator('[data-my-votes]').getAttribute('data-my-votes')) === before + 1, 'the vote counted');
  }
}

async function startRound(owner: Page, label: string, votes: number, weighted: boolean): Promise<void> {
  await bar(owner).getByRole('button', { name: 'Stemronde starten' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Nieuwe stemronde' });
  await dialog.getByLabel('Naam van de ronde').fill(label);
  await dialog.getByLabel('Stemmen per deelnemer').fill(String(votes));
  if (weighted) await dialog.getByRole('checkbox', { name: /Weging per domein/ }).check();
  await dialog.getByRole('button', { name: 'Ronde starten' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** A ballot sent from the participant's own page with their own key, past the buttons (a modified page). */
const rawBallot = (page: Page, boardId: string, token: string, roundId: string, votes: Record<string, number>) =>
  page.evaluate(
    async ({ boardId, token, roundId, votes, header }) => {
      const identity = JSON.parse(localStorage.getItem('koppelbord.identity') ?? '{}') as { key: string };
      const response = await fetch(`/api/boards/${boardId}/rounds/${roundId}/ballot`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [header]: identity.key },
        body: JSON.stringify({ votes }),
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
    },
    { boardId, token, roundId, votes, header: participantKeyHeader },
  );

const roundsAt = (page: Page) =>
  page.evaluate(() => ((window.editor as VotingEditor).getDocumentSettings().meta['koppelbordVoting'] as { rounds: { id: string; status: string; results: unknown }[] } | undefined)?.rounds ?? []);

describe('voting rounds, three participants', () => {
  it('a round stays hidden until revealed, then shows its totals everywhere; a weighted round counts domains; nobody goes over the limit', async () => {
    const board = await fixture.server.createBoard('Stemmen in de wijk');
    const owner = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Olga', 'housing');
    await owner.evaluate(
      ([a, b]) => {
        const editor = window.editor as VotingEditor;
        editor.createShape({ id: a, type: 'opportunity', x: 100, y: 100, props: { title: 'Warmtenet' } });
        editor.createShape({ id: b, type: 'opportunity', x: 400, y: 100, props: { title: 'Groen schoolplein' } });
      },
      [heat, school],
    );
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne', 'housing');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'welfare');
    for (const page of [anne, bram]) await waitFor(() => page.locator(`[data-shape-id="${school}"]`).count(), 'the cards on every page', 15_000);
    // Participants have no owner controls.
    expect(await bar(anne).getByRole('button').count()).toBe(0);

    // The start dialog keeps the keyboard rules: focus inside, Escape closes it, focus back on the button.
    const startButton = bar(owner).getByRole('button', { name: 'Stemronde starten' });
    await startButton.click();
    const dialog = owner.getByRole('dialog', { name: 'Nieuwe stemronde' });
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await startButton.evaluate((element) => element === document.activeElement)).toBe(true);

    // The owner starts a round of 2 votes; everyone hears it and sees what they have left.
    await startRound(owner, 'Eerste ronde', 2, false);
    for (const page of [anne, bram]) {
      await waitFor(async () => (await announcement(page)).includes('Stemronde “Eerste ronde” is gestart'), 'the round announced', 15_000);
      await bar(page).getByText('Je hebt nog 2 van 2 stemmen over.').waitFor();
    }

    // Anne puts both her votes on the heat network; then she has none left and cannot add one.
    await vote(anne, heat, 2);
    const anneAdd = votingPanel(anne).getByRole('button', { name: 'Stem erbij op deze kans' });
    expect(await anneAdd.isDisabled()).toBe(true);
    await bar(anne).getByText('Je hebt nog 0 van 2 stemmen over.').waitFor();
    await select(anne, school);
    expect(await votingPanel(anne).getByRole('button', { name: 'Stem erbij op deze kans' }).isDisabled()).toBe(true);
    // Past the page, with her own key: the server refuses the third vote with a clear error, and keeps her ballot.
    const roundId = (await roundsAt(anne))[0]!.id;
    const over = await rawBallot(anne, board.id, new URL(board.links.edit).hash.match(/token=([^&]+)/)![1]!, roundId, { [heat]: 2, [school]: 1 });
    expect(over).toMatchObject({ status: 422, body: { error: { code: 'over_vote_limit' } } });
    await bar(anne).getByText('Je hebt nog 0 van 2 stemmen over.').waitFor();

    await vote(bram, school, 1);
    await waitFor(async () => (await bar(owner).locator('[data-voter-count]').getAttribute('data-voter-count')) === '2', 'the owner sees two voters', 15_000);

    // Hidden: no page shows a vote, and no page's board holds the results.
    for (const page of [owner, anne, bram]) {
      expect(await cardLine(page, heat)).not.toMatch(/stem/);
      expect((await roundsAt(page))[0]?.results).toBeNull();
    }

    // Revealed: the totals on every page's cards and register, announced.
    await bar(owner).getByRole('button', { name: 'Uitslag tonen' }).click();
    for (const page of [owner, anne, bram]) {
      await waitFor(async () => (await cardLine(page, heat)).includes('2 stemmen'), 'the heat network’s total on the card', 15_000);
      expect(await cardLine(page, school)).toContain('1 stem');
    }
    await waitFor(async () => (await announcement(bram)).includes('De uitslag van “Eerste ronde” is bekend'), 'the reveal announced');
    // A screen reader hears the total with the card.
    const described = await bram.evaluate(
      (id) => (window.editor as VotingEditor & { getShapeUtil(type: string): { getAriaDescriptor(shape: unknown): string } }).getShapeUtil('opportunity').getAriaDescriptor((window.editor as VotingEditor).getShape(id)),
      heat,
    );
    expect(described).toMatch(/^Koppelkans: Warmtenet, Idee, 2 stemmen/);
    await bram.getByRole('tab', { name: 'Register' }).click();
    await waitFor(async () => (await bram.locator(`tr[data-opportunity="${heat}"] td`).last().innerText()) === '2', 'the register’s votes at Bram');
    await select(bram, heat);
    await votingPanel(bram).getByText('Uitslag “Eerste ronde”: 2 stemmen').waitFor();

    // A weighted round: housing (Olga and Anne) both vote for the heat network, welfare (Bram)
    // for the schoolyard — each domain weighs as one participant: 1 against 1.
    await startRound(owner, 'Gewogen ronde', 1, true);
    await bar(anne).getByText('Je hebt nog 1 van 1 stemmen over.').waitFor({ timeout: 15_000 });
    await vote(owner, heat, 1);
    await vote(anne, heat, 1);
    await vote(bram, school, 1);
    await waitFor(async () => (await bar(owner).locator('[data-voter-count]').getAttribute('data-voter-count')) === '3', 'three voters', 15_000);
    await bar(owner).getByRole('button', { name: 'Uitslag tonen' }).click();
    await select(anne, heat);
    await votingPanel(anne).getByText('Uitslag “Gewogen ronde”: 2 stemmen (gewogen 1)').waitFor({ timeout: 15_000 });
    await select(anne, school);
    await votingPanel(anne).getByText('Uitslag “Gewogen ronde”: 1 stem (gewogen 1)').waitFor();
    // The register keeps both rounds per card.
    await anne.getByRole('tab', { name: 'Register' }).click();
    const details = anne.locator(`tr[data-opportunity="${heat}"] [data-detail="votes"]`);
    await waitFor(async () => (await details.innerText().catch(() => '')).includes('Eerste ronde: 2; Gewogen ronde: 2 (gewogen 1)'), 'both rounds in Anne’s register', 15_000);
  });
});
