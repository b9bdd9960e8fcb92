/**
 * The shared timer with three participants: the owner starts, pauses, extends and resumes it;
 * every tab shows the same time although one tab's clock is 45 s ahead (the times are the
 * server's, each tab estimates its offset); a reload keeps it; the last minute is marked and
 * the live region says what matters.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

declare global {
  interface Window {
    /** How far this tab's clock is off (ms); the test moves it. */
    clockShift?: number;
  }
}

/** A browser profile whose clock is `shiftMs` off (Date.now, which the app reads its time from). */
async function contextWithClock(shiftMs: number): Promise<BrowserContext> {
  const context = await fixture.newContext();
  await context.addInitScript((shift) => {
    const realNow = Date.now.bind(Date);
    window.clockShift = shift;
    Date.now = () => realNow() + (window.clockShift ?? 0);
  }, shiftMs);
  return context;
}

/** The header's timer as seconds left, its phase and its text. */
async function timerOf(page: Page): Promise<{ seconds: number; phase: string; text: string } | null> {
  const badge = page.locator('.facilitation-bar > .facilitation-timer');
  if ((await badge.count()) === 0) return null;
  const text = (await badge.innerText()).trim();
  const phase = (await badge.getAttribute('data-phase')) ?? '';
  const match = text.match(/(\d+):(\d\d)/);
  return { seconds: match ? Number(match[1]) * 60 + Number(match[2]) : 0, phase, text };
}

const announcement = (page: Page) => page.locator('.facilitation-announcer').innerText();

async function openControls(owner: Page): Promise<void> {
  await owner.getByRole('button', { name: 'Sessie leiden' }).click();
  await owner.getByRole('dialog', { name: 'Sessie leiden' }).waitFor();
}

/** Every tab shows a timer within `slack` seconds of each other; returns their seconds. */
async function sameTimeEverywhere(pages: Page[], what: string, check: (seconds: number, phase: string) => boolean, slack = 2): Promise<number[]> {
  return waitFor(async () => {
    const timers = await Promise.all(pages.map(timerOf));
    if (timers.some((timer) => timer === null || !check(timer.seconds, timer.phase))) return undefined;
    const seconds = timers.map((timer) => timer!.seconds);
    return Math.max(...seconds) - Math.min(...seconds) <= slack ? seconds : undefined;
  }, what, 15_000);
}

describe('the shared timer', () => {
  it('runs the same on every tab (one clock 45 s ahead), pauses, extends and resumes for all, survives a reload, and announces what matters', async () => {
    const board = await fixture.server.createBoard('Wijk Noord');
    const ownerLink = `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`;
    const anna = await openBoard(await fixture.newContext(), ownerLink, 'Anna');
    const bramContext = await contextWithClock(45_000);
    const bram = await openBoard(bramContext, board.links.edit, 'Bram', 'sewerage-water');
    const vera = await openBoard(await contextWithClock(0), board.links.view, 'Vera', 'housing');
    expect(await bram.evaluate(() => Date.now()) - Date.now()).toBeGreaterThan(40_000);
    const everyone = [anna, bram, vera];

    // Only the owner has the controls.
    expect(await bram.getByRole('button', { name: 'Sessie leiden' }).count()).toBe(0);
    expect(await vera.getByRole('button', { name: 'Sessie leiden' }).count()).toBe(0);

    await openControls(anna);
    await anna.getByRole('button', { name: 'Timer van 5 minuten starten' }).click();
    const started = await sameTimeEverywhere(everyone, 'a 5-minute timer on all three tabs', (s, phase) => phase === 'running' && s > 285 && s <= 300);
    expect(started).toHaveLength(3);
    await waitFor(async () => (await announcement(vera)).includes('Timer gestart'), 'Vera to hear that the timer started');
    expect(await announcement(bram)).toContain('Timer gestart: 5 minuten');

    // Paused, every tab shows exactly the same time, and says so in words.
    await anna.getByRole('button', { name: 'Pauzeren' }).click();
    const paused = await waitFor(async () => {
      const timers = await Promise.all(everyone.map(timerOf));
      return timers.every((timer) => timer?.phase === 'paused') && new Set(timers.map((timer) => timer!.text)).size === 1 ? timers[0] : undefined;
    }, 'the same paused time everywhere');
    expect(paused.text).toContain('(pauze)');
    await waitFor(async () => (await announcement(bram)).includes('Timer gepauzeerd'), 'Bram to hear the pause');

    await anna.getByRole('button', { name: '1 minuut erbij' }).click();
    await waitFor(async () => (await Promise.all(everyone.map(timerOf))).every((timer) => timer?.phase === 'paused' && timer.seconds === paused.seconds + 60), 'one minute more, everywhere');
    await waitFor(async () => (await announcement(vera)).includes('Timer verlengd'), 'Vera to hear the extension');

    await anna.getByRole('button', { name: 'Hervatten' }).click();
    await sameTimeEverywhere(everyone, 'the timer running again', (s, phase) => phase === 'running' && s <= paused.seconds + 60 && s > paused.seconds + 50);
    await anna.getByRole('button', { name: 'Sluiten' }).click();

    // Bram reloads: the timer is in the board, so it is back, at the same time as Anna's.
    await bram.reload();
    await joinIfAsked(bram, 'Bram', 'sewerage-water');
    await sameTimeEverywhere([anna, bram], 'the timer after Bram’s reload', (s, phase) => phase === 'running' && s > paused.seconds + 40);

    // Vera's tab four minutes on (her clock moved): the last minute is marked and announced, then the end.
    const left = (await timerOf(vera))!.seconds;
    await vera.evaluate((shift) => (window.clockShift = shift), (left - 30) * 1000);
    const lastMinute = await waitFor(async () => ((await timerOf(vera))?.phase === 'lastMinute' ? timerOf(vera) : undefined), 'Vera’s last minute');
    expect(lastMinute!.text).toMatch(/⚠/);
    expect(await vera.locator('.facilitation-bar > .facilitation-timer .visually-hidden').innerText()).toContain('Laatste minuut');
    await waitFor(async () => (await announcement(vera)).includes('Nog één minuut'), 'Vera to hear one minute left');
    await vera.evaluate((shift) => (window.clockShift = shift), (left + 5) * 1000);
    await waitFor(async () => (await timerOf(vera))?.phase === 'ended', 'Vera’s timer to run out');
    expect((await timerOf(vera))!.text).toContain('Tijd is om');
    await waitFor(async () => (await announcement(vera)).includes('De tijd is om'), 'Vera to hear the end');
    // Anna's and Bram's own clocks did not move: their timers still run.
    expect((await timerOf(anna))!.phase).toBe('running');

    await openControls(anna);
    await anna.getByRole('button', { name: 'Timer stoppen' }).click();
    await waitFor(async () => (await Promise.all(everyone.map(timerOf))).every((timer) => timer === null), 'the timer gone everywhere');
    await waitFor(async () => (await announcement(bram)).includes('Timer gestopt'), 'Bram to hear the stop');

    // Own minutes: a bad number is explained, a good one starts.
    await anna.getByLabel('Eigen aantal minuten').fill('0');
    await anna.getByRole('button', { name: 'Starten', exact: true }).click();
    await anna.getByText('Vul een heel aantal minuten in, van 1 tot 240.').waitFor();
    await anna.getByLabel('Eigen aantal minuten').fill('12');
    await anna.getByRole('button', { name: 'Starten', exact: true }).click();
    await sameTimeEverywhere([anna, bram], 'a 12-minute timer at Anna and Bram', (s, phase) => phase === 'running' && s > 700 && s <= 720);
  });

  it('in English at 320 CSS px: the timer and the owner’s controls fit the header, and the dialog is keyboard-only usable', async () => {
    const board = await fixture.server.createBoard('Wijk West');
    const context = await fixture.browser.newContext({ viewport: { width: 320, height: 640 } });
    await context.addInitScript(() => localStorage.setItem('koppelbord.locale', 'en'));
    const anna = await openBoard(context, `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Anna');
    const open = anna.getByRole('button', { name: 'Run the session' });
    await open.focus();
    await anna.keyboard.press('Enter');
    const dialog = anna.getByRole('dialog', { name: 'Run the session' });
    await dialog.waitFor();
    // By keyboard alone: Tab to the 10-minute preset and press it.
    const preset = dialog.getByRole('button', { name: 'Start a 10-minute timer' });
    for (let i = 0; i < 20 && !(await preset.evaluate((element) => element === document.activeElement)); i++) await anna.keyboard.press('Tab');
    await anna.keyboard.press('Enter');
    await waitFor(async () => (await timerOf(anna))?.phase === 'running', 'the timer running');
    expect((await timerOf(anna))!.text).toContain('Timer running');
    await anna.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await open.evaluate((element) => element === document.activeElement)).toBe(true);

    const controls = await anna.locator('.board-header').evaluate((element) =>
      [...element.querySelectorAll('button, [role="timer"]')].map((control) => {
        const rect = control.getBoundingClientRect();
        return { name: control.textContent?.trim() ?? '', left: rect.left, right: rect.right };
      }),
    );
    expect(controls.some((control) => control.name.includes('Timer running'))).toBe(true);
    for (const control of controls) {
      expect(control.left, control.name).toBeGreaterThanOrEqual(0);
      expect(control.right, control.name).toBeLessThanOrEqual(320);
    }
    expect(await anna.locator('.board-page').evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  });
});
