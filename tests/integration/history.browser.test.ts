import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateBoardResponse, SnapshotList } from '@koppelbord/contract';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const downloads = mkdtempSync(path.join(tmpdir(), 'koppelbord-history-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

/** A package is built off the sync path, rendered by the server's Chromium or by the owner's browser: give it room. */
const packageTimeoutMs = 45_000;

interface CardEditor {
  getOnlySelectedShape(): { id: string } | null;
  getShape(id: string): { props: Record<string, unknown> } | undefined;
}

/** Adds an opportunity card from the toolbar and types its title in the card panel. */
async function addOpportunity(page: Page, title: string): Promise<void> {
  await page.getByRole('toolbar', { name: 'Kaarten toevoegen' }).getByRole('button', { name: '+ Koppelkans' }).click();
  const id = await waitFor(() => page.evaluate(() => (window.editor as CardEditor).getOnlySelectedShape()?.id ?? null), 'the new opportunity selected');
  await page.getByRole('form', { name: 'Koppelkans' }).getByLabel('Titel').fill(title);
  await waitFor(() => page.evaluate(([shapeId, text]) => (window.editor as CardEditor).getShape(shapeId)?.props.title === text, [id, title] as const), `the title "${title}" on the card`);
}

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Versies' }).click();
  await page.getByRole('heading', { name: 'Momentopnamen en versies' }).waitFor();
}

/** Takes a snapshot through the history tab's form and returns its entry in the list. */
async function takeSnapshotInUi(page: Page, label: string) {
  const form = page.getByRole('region', { name: 'Momentopname maken' });
  await form.getByLabel('Naam van de momentopname').fill(label);
  await form.getByRole('button', { name: 'Momentopname maken' }).click();
  await page.getByRole('status').getByText(`Momentopname “${label}” is gemaakt.`).waitFor({ timeout: 20_000 });
  const entry = page.getByRole('listitem', { name: label, exact: true });
  await entry.waitFor();
  return entry;
}

/** Clicks a download button and keeps the file, with the name the server gave it. */
async function downloadFrom(page: Page, click: () => Promise<void>): Promise<{ file: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), click()]);
  const name = (download as Download).suggestedFilename();
  const file = path.join(downloads, name);
  await download.saveAs(file);
  return { file, name };
}

const api = async <T,>(server: TestServer, route: string, token: string, init: RequestInit = {}): Promise<T> => {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${server.url}${route}`, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

describe('the history tab', () => {
  it('the owner takes a snapshot with a label; it is listed with its changes, its package gets ready and downloads with the board image', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const page = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator');
    await openHistory(page);

    // "Namen opnemen" is off by default and says why (AVG).
    const names = page.getByRole('checkbox', { name: 'Namen opnemen' });
    expect(await names.isChecked()).toBe(false);
    expect(await page.locator(`[id="${await names.getAttribute('aria-describedby')}"]`).innerText()).toMatch(/AVG/);

    // The session's first change also keeps a version (server side); let it be listed first,
    // so that the changes of "Sessie 2" are those since "Sessie 1".
    await addOpportunity(page, 'Eerste kans');
    await openHistory(page);
    await waitFor(async () => {
      await page.getByRole('button', { name: 'Vernieuwen' }).click();
      return (await page.locator('.snapshot--version').count()) > 0;
    }, 'the version of the session’s first change', 20_000, 500);
    await takeSnapshotInUi(page, 'Sessie 1 — begin');
    // A new card brings up its form (the card tab); then back to the history.
    await addOpportunity(page, 'Buurtwarmte met de school');
    await openHistory(page);
    const label = 'Sessie 2 — na afstemming met Welzijn';
    const entry = await takeSnapshotInUi(page, label);
    await entry.getByText('Momentopname', { exact: true }).waitFor();
    await entry.getByText('eigenaar · Coördinator').waitFor();
    // The changes since the previous snapshot are listed by title, not counted: the new card is among the opportunities added.
    const added = entry.locator('[data-change="opportunitiesAdded"]');
    await added.getByText('Buurtwarmte met de school').waitFor();
    expect(await added.getByRole('term').innerText()).toBe('Koppelkansen erbij');
    expect(await added.getByRole('listitem').allInnerTexts()).toEqual(['Buurtwarmte met de school']);
    // Newest first.
    expect((await page.locator('.snapshot-list > li h4').allInnerTexts()).slice(0, 2)).toEqual([label, 'Sessie 1 — begin']);

    // Rendered by the server's Chromium or by this browser (the panel does it for the owner), then built.
    await entry.getByText(/^Archiefpakket klaar/).waitFor({ timeout: packageTimeoutMs });
    await entry.getByRole('img', { name: `Het bord bij “${label}”` }).waitFor();

    const zip = await downloadFrom(page, () => entry.getByRole('button', { name: 'Archiefpakket downloaden (zip)' }).click());
    expect(zip.name).toMatch(/\.zip$/);
    const listing = execFileSync('unzip', ['-l', zip.file], { encoding: 'utf8' });
    expect(listing).toMatch(/\.png\s*$/m);
    expect(listing).toMatch(/\.svg\s*$/m);
    expect(listing).toMatch(/bagit\.txt\s*$/m);

    const pdf = await downloadFrom(page, () => entry.getByRole('button', { name: 'Verslag downloaden (pdf)' }).click());
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(readFileSync(pdf.file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fixture.foreign).toEqual([]);
  });

  it('a viewer sees the history read-only: no take, revert, promote, restore or delete; an editor may revert, nothing more', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Noordoost');
    await api(fixture.server, `/api/boards/${board.id}/snapshots`, board.ownerToken, { method: 'POST', body: JSON.stringify({ label: 'Sessie 1 — verkenning' }) });

    const viewer = await openBoard(await fixture.newContext(), board.links.view, 'Raadslid');
    await openHistory(viewer);
    const entry = viewer.getByRole('listitem', { name: 'Sessie 1 — verkenning', exact: true });
    await entry.waitFor();
    await viewer.getByText('Je kunt de geschiedenis alleen bekijken.').waitFor();
    for (const name of ['Momentopname maken', 'Bord terugzetten naar deze versie', 'Archiveren als momentopname', 'Openen als nieuw bord', 'Momentopname verwijderen']) {
      expect(await viewer.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await viewer.getByRole('textbox', { name: 'Naam van de momentopname' }).count()).toBe(0);

    const editor = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await openHistory(editor);
    const editorEntry = editor.getByRole('listitem', { name: 'Sessie 1 — verkenning', exact: true });
    await editorEntry.getByRole('button', { name: 'Bord terugzetten naar deze versie' }).waitFor();
    for (const name of ['Momentopname maken', 'Archiveren als momentopname', 'Openen als nieuw bord', 'Momentopname verwijderen']) {
      expect(await editor.getByRole('button', { name }).count(), name).toBe(0);
    }
    // The revert asks first, saying everyone sees it and that a version is kept; Escape cancels, focus returns.
    const revert = editorEntry.getByRole('button', { name: 'Bord terugzetten naar deze versie' });
    await revert.click();
    const dialog = editor.getByRole('alertdialog', { name: 'Bord terugzetten?' });
    await dialog.getByText('Iedereen die nu met het bord verbonden is, ziet de verandering meteen.').waitFor();
    await dialog.getByText(/eerst als versie bewaard/).waitFor();
    await editor.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the revert dialog closed by Escape');
    expect(await revert.evaluate((button) => button === document.activeElement)).toBe(true);
  });
});

describe('going back', () => {
  it('an editor reverts the board to a snapshot for everyone (a version is kept first); the owner opens one as a new board and deletes one, logged', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Terug');
    const label = 'Sessie 1 — voor de wijziging';
    await api(fixture.server, `/api/boards/${board.id}/snapshots`, board.ownerToken, { method: 'POST', body: JSON.stringify({ label }) });
    const owner = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator');
    const editor = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await addOpportunity(editor, 'Kans die weer verdwijnt');
    const titles = (page: Page) => page.evaluate(() => (window.editor as { getCurrentPageShapes(): { props: { title?: string } }[] }).getCurrentPageShapes().map((shape) => shape.props.title));
    await waitFor(async () => (await titles(owner)).includes('Kans die weer verdwijnt'), 'the new card at the owner');

    await openHistory(editor);
    await editor.getByRole('listitem', { name: label, exact: true }).getByRole('button', { name: 'Bord terugzetten naar deze versie' }).click();
    await editor.getByRole('alertdialog', { name: 'Bord terugzetten?' }).getByRole('button', { name: 'Terugzetten', exact: true }).click();
    await editor.getByRole('status').getByText('Het bord is teruggezet. De stand van daarvoor is als versie bewaard.').waitFor({ timeout: 20_000 });
    // Everyone connected converges on the snapshot: the card is gone for the owner too.
    await waitFor(async () => !(await titles(owner)).includes('Kans die weer verdwijnt'), 'the card gone at the owner', 20_000);
    await waitFor(async () => !(await titles(editor)).includes('Kans die weer verdwijnt'), 'the card gone at the editor', 20_000);
    // The version kept before the revert is listed (by the editor who reverted), and it can be reverted to in turn.
    const list = await api<SnapshotList>(fixture.server, `/api/boards/${board.id}/snapshots`, board.ownerToken);
    const kept = list.snapshots.find((entry) => entry.kind === 'version');
    expect(kept?.actor).toEqual({ role: 'editor', name: 'Anne' });
    await editor.getByRole('listitem', { name: kept!.label, exact: true }).getByRole('button', { name: 'Bord terugzetten naar deze versie' }).waitFor();

    // Open as a new board: the original is untouched, the new board opens with the owner token kept here.
    await openHistory(owner);
    const entry = owner.getByRole('listitem', { name: label, exact: true });
    await entry.getByRole('button', { name: 'Openen als nieuw bord' }).click();
    await owner.getByRole('alertdialog', { name: 'Openen als nieuw bord?' }).getByRole('button', { name: 'Nieuw bord maken' }).click();
    const open = owner.getByRole('link', { name: 'Nieuw bord openen' });
    await open.waitFor({ timeout: 20_000 });
    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/b\/[A-Za-z0-9_-]{22}$/);
    const newId = href!.slice(3);
    expect(await owner.evaluate((id) => localStorage.getItem(`koppelbord.token.${id}`), newId)).toBeTruthy();
    const restored = await owner.context().newPage();
    await restored.goto(`${fixture.server.url}${href}`);
    await joinIfAsked(restored, 'Coördinator');
    await restored.getByRole('button', { name: 'Delen' }).waitFor();

    // Delete: it asks, saying it is logged; afterwards the audit log has it with who.
    await entry.getByRole('button', { name: 'Momentopname verwijderen' }).click();
    const confirm = owner.getByRole('alertdialog', { name: 'Momentopname verwijderen?' });
    await confirm.getByText('Het verwijderen wordt in het logboek van het bord vastgelegd: wie het deed en wanneer.').waitFor();
    await confirm.getByRole('button', { name: 'Verwijderen', exact: true }).click();
    await owner.getByRole('status').getByText(`“${label}” is verwijderd.`).waitFor({ timeout: 20_000 });
    await waitFor(async () => (await owner.getByRole('listitem', { name: label, exact: true }).count()) === 0, 'the snapshot gone from the list');
    const audit = await api<{ entries: { action: string; actor: { role: string; name: string | null } }[] }>(fixture.server, `/api/boards/${board.id}/audit`, board.ownerToken);
    expect(audit.entries.some((e) => /delete/i.test(e.action) && e.actor.role === 'owner' && e.actor.name === 'Coördinator')).toBe(true);
    // The owner reads it in the panel too.
    await owner.locator('.audit-log summary').click();
    await owner.locator('.audit-log').getByText(`Momentopname “${label}” verwijderd (eigenaar · Coördinator)`).waitFor();
  });
});

describe('versions', () => {
  it('the owner archives a version as a snapshot with a label (names off by default); Escape cancels the dialog', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Versies');
    const owner = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator');
    // The session's first change keeps a version.
    await addOpportunity(owner, 'Kans in een versie');
    await openHistory(owner);
    const version = owner.locator('.snapshot--version').first();
    await waitFor(async () => {
      await owner.getByRole('button', { name: 'Vernieuwen' }).click();
      return (await version.count()) > 0;
    }, 'a version listed', 20_000, 500);
    // A version has no package, so no downloads and no delete; it can be archived.
    expect(await version.getByRole('button', { name: /downloaden/ }).count()).toBe(0);
    expect(await version.getByRole('button', { name: 'Momentopname verwijderen' }).count()).toBe(0);

    const promote = version.getByRole('button', { name: 'Archiveren als momentopname' });
    await promote.click();
    const dialog = owner.getByRole('dialog', { name: 'Versie archiveren' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Naam van de momentopname').evaluate((field) => field === document.activeElement)).toBe(true);
    await owner.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the dialog closed by Escape');
    expect(await promote.evaluate((button) => button === document.activeElement)).toBe(true);

    await promote.click();
    expect(await dialog.getByRole('checkbox', { name: 'Namen opnemen' }).isChecked()).toBe(false);
    await dialog.getByLabel('Naam van de momentopname').fill('Sessie 1 — achteraf gearchiveerd');
    await dialog.getByRole('button', { name: 'Archiveren als momentopname' }).click();
    await owner.getByRole('status').getByText('Momentopname “Sessie 1 — achteraf gearchiveerd” is gemaakt van de versie.').waitFor({ timeout: 20_000 });
    const archived = owner.getByRole('listitem', { name: 'Sessie 1 — achteraf gearchiveerd', exact: true });
    await archived.getByText('Momentopname', { exact: true }).waitFor();
    const list = await api<SnapshotList>(fixture.server, `/api/boards/${board.id}/snapshots`, board.ownerToken);
    expect(list.snapshots.find((entry) => entry.label === 'Sessie 1 — achteraf gearchiveerd')).toMatchObject({ kind: 'snapshot', actor: { role: 'owner', name: 'Coördinator' } });
  });
});

describe('the archive page', () => {
  const operatorToken = 'operator-token-for-the-archive-test-0123456789';
  let server: TestServer;
  beforeAll(async () => {
    // The server's OPERATOR_TOKEN.
    server = await startTestServer({ webDistDir, archive: { operatorToken } });
  });
  afterAll(() => server?.stop());

  async function boardWithSnapshot(title: string, neighbourhood: string, label: string): Promise<CreateBoardResponse> {
    const board = await api<CreateBoardResponse>(server, '/api/boards', '', {
      method: 'POST',
      body: JSON.stringify({ title, municipality: 'Testdam', neighbourhood, template: 'sociale-koppelkansen' }),
    });
    // As the owner in a browser: the panel renders the images when the server cannot.
    const page = await openBoard(await fixture.newContext(), `${server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator');
    await openHistory(page);
    await takeSnapshotInUi(page, label);
    await waitFor(
      async () => (await api<SnapshotList>(server, `/api/boards/${board.id}/snapshots`, board.ownerToken)).snapshots.some((s) => s.label === label && s.package?.status === 'ready'),
      `the package of "${label}" ready`,
      packageTimeoutMs,
      250,
    );
    await page.context().close();
    return board;
  }

  /** A board with an archived snapshot taken through the API (listed whatever its package's state). */
  async function boardWithApiSnapshot(title: string, neighbourhood: string, label: string): Promise<CreateBoardResponse> {
    const board = await api<CreateBoardResponse>(server, '/api/boards', '', { method: 'POST', body: JSON.stringify({ title, municipality: 'Testdam', neighbourhood }) });
    await api(server, `/api/boards/${board.id}/snapshots`, board.ownerToken, { method: 'POST', body: JSON.stringify({ label }) });
    return board;
  }

  async function openArchiveAsOperator(page: Page): Promise<void> {
    await page.goto(`${server.url}/archief`);
    await page.getByLabel('Beheerderstoken').fill(operatorToken);
    await page.getByRole('button', { name: 'Alle borden tonen' }).click();
    await page.getByRole('button', { name: 'Token vergeten' }).waitFor();
  }

  it('with the operator token (kept in the tab only) it lists boards by municipality and neighbourhood; search filters by label and by title; a wrong token is refused', async () => {
    await boardWithApiSnapshot('Wijk Noord', 'Noord', 'Sessie 1 — verkenning');
    await boardWithApiSnapshot('Wijk Zuid', 'Zuid', 'Sessie 2 — met Welzijn');

    const page = await (await fixture.newContext()).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Archief' }).click();
    await page.getByRole('heading', { name: 'Archief', level: 1 }).waitFor();
    await page.getByText('Op dit apparaat zijn geen borden bewaard waarvan je de eigenaar bent.').waitFor();

    // A wrong token: the server's refusal is shown and the field comes back.
    await page.getByLabel('Beheerderstoken').fill('not-the-operator-token-at-all-0000');
    await page.getByRole('button', { name: 'Alle borden tonen' }).click();
    await page.getByRole('alert').getByText(/operator token/i).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('koppelbord.operatorToken'))).toBeNull();

    await page.getByLabel('Beheerderstoken').fill(operatorToken);
    await page.getByRole('button', { name: 'Alle borden tonen' }).click();
    const noord = page.getByRole('article', { name: 'Wijk Noord', exact: true });
    const zuid = page.getByRole('article', { name: 'Wijk Zuid', exact: true });
    await noord.waitFor();
    await zuid.waitFor();
    await page.getByRole('heading', { name: 'Testdam', level: 3 }).waitFor();
    await page.getByRole('region', { name: 'Testdam · Noord' }).getByRole('article', { name: 'Wijk Noord', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Testdam · Zuid' }).getByRole('article', { name: 'Wijk Zuid', exact: true }).waitFor();
    await noord.getByRole('row', { name: /Sessie 1 — verkenning/ }).waitFor();
    expect(await page.evaluate((token) => ({ session: sessionStorage.getItem('koppelbord.operatorToken'), local: Object.values(localStorage).includes(token) }), operatorToken)).toEqual({
      session: operatorToken,
      local: false,
    });

    // Search by snapshot label, then by board title; case and accents do not matter.
    const search = page.getByLabel('Zoeken op titel van het bord of naam van de momentopname');
    await search.fill('wélzijn');
    await waitFor(async () => (await noord.count()) === 0 && (await zuid.count()) === 1, 'only the board with the matching snapshot');
    await search.fill('WIJK NOORD');
    await waitFor(async () => (await noord.count()) === 1 && (await zuid.count()) === 0, 'only the board with the matching title');
    await search.fill('geen-treffer');
    await page.getByText('Niets gevonden.').waitFor();
    await search.fill('');
    await zuid.waitFor();

    // Forgetting the token hides what only it opened, and asks for it again.
    await page.getByRole('button', { name: 'Token vergeten' }).click();
    await page.getByLabel('Beheerderstoken').waitFor();
    expect(await noord.count()).toBe(0);
  });

  it('"controleren" re-checks a ready package: valid, and every file in words; the package downloads', async () => {
    await boardWithSnapshot('Wijk West', 'West', 'Sessie 3 — met de school');
    const page = await (await fixture.newContext()).newPage();
    await openArchiveAsOperator(page);
    const row = page.getByRole('article', { name: 'Wijk West', exact: true }).getByRole('row', { name: /Sessie 3 — met de school/ });
    await row.getByText('Archiefpakket klaar').waitFor();
    await row.getByRole('button', { name: '“Sessie 3 — met de school” controleren' }).click();
    await row.getByText('In orde: alle bestanden zijn compleet en ongewijzigd.').waitFor({ timeout: 20_000 });
    const results = await row.locator('[data-result]').evaluateAll((items) => items.map((item) => item.getAttribute('data-result')));
    expect(results.length).toBeGreaterThan(3);
    expect(new Set(results)).toEqual(new Set(['ok']));
    // Per file, in words, behind "Per bestand" (open by itself only when something is wrong).
    await row.getByText('Per bestand').click();
    expect(await row.locator('[data-result]').first().innerText()).toMatch(/— in orde$/);

    const zip = await downloadFrom(page, () => row.getByRole('button', { name: '“Sessie 3 — met de school” downloaden' }).click());
    expect(execFileSync('unzip', ['-l', zip.file], { encoding: 'utf8' })).toMatch(/\.svg\s*$/m);
  });

  it('without the operator token it lists the boards this device owns, with their snapshots', async () => {
    const board = await api<CreateBoardResponse>(server, '/api/boards', '', { method: 'POST', body: JSON.stringify({ title: 'Wijk Oost', municipality: 'Testdam', neighbourhood: 'Oost' }) });
    await api(server, `/api/boards/${board.id}/snapshots`, board.ownerToken, { method: 'POST', body: JSON.stringify({ label: 'Sessie 4 — afronding' }) });
    const context = await fixture.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/b/${board.id}#token=${board.ownerToken}`);
    await joinIfAsked(page, 'Coördinator');
    await page.goto(`${server.url}/archief`);
    const article = page.getByRole('article', { name: 'Wijk Oost' });
    await article.getByRole('row', { name: /Sessie 4 — afronding/ }).waitFor();
    // Only its own: the boards of the other test are not on this device.
    expect(await page.getByRole('article', { name: 'Wijk Noord', exact: true }).count()).toBe(0);
    await context.close();
  });
});
