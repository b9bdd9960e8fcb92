/** Revealed voting rounds (kept by the server in the document record) in the register, its exports and the session report. */
import { describe, expect, it } from 'vitest';
import { votingMetaKey, type VotingRoundState } from '@koppelbord/contract';
import { opportunityRegister, registerToCsv, registerToMarkdown } from '../src/register.ts';
import { sessionReport } from '../src/report-model.ts';
import { opportunity, type Rec } from './records.ts';

const round = (id: string, overrides: Partial<VotingRoundState>): VotingRoundState => ({
  id,
  label: `Ronde ${id}`,
  votesPerParticipant: 3,
  weighting: 'none',
  anonymous: false,
  status: 'revealed',
  openedAt: '2026-03-01T10:00:00.000Z',
  closedAt: '2026-03-01T10:30:00.000Z',
  revealedAt: '2026-03-01T10:31:00.000Z',
  voterCount: 2,
  results: [],
  ...overrides,
});

function board(rounds: VotingRoundState[]): Rec[] {
  return [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: 'Wijk', meta: { [votingMetaKey]: { rounds } } },
    opportunity('heat', { title: 'Warmtenet', voters: ['p1', 'p2', 'p3', 'p4'] }),
    opportunity('bus', { title: 'Buurtbus' }),
  ];
}

const first = round('1', {
  results: [
    { opportunityId: 'shape:bus', title: 'Buurtbus', votes: 4, weighted: null, voters: [{ name: 'Anne', speaksFor: 'housing', votes: 3 }, { name: 'Bram', speaksFor: null, votes: 1 }] },
    { opportunityId: 'shape:heat', title: 'Warmtenet', votes: 2, weighted: null, voters: [{ name: 'Bram', speaksFor: null, votes: 2 }] },
  ],
});
const weighted = round('2', {
  label: 'Gewogen',
  weighting: 'domain',
  anonymous: true,
  revealedAt: '2026-03-01T11:31:00.000Z',
  results: [{ opportunityId: 'shape:heat', title: 'Warmtenet', votes: 6, weighted: 1.5, voters: null }],
});
const stillOpen = round('3', { status: 'open', revealedAt: null, closedAt: null, results: null });

describe('voting rounds in the register', () => {
  it('shows the latest revealed round’s votes and every revealed round’s result; open rounds are left out', () => {
    const rows = opportunityRegister(board([first, weighted, stillOpen]));
    const heat = rows.find((row) => row.id === 'shape:heat')!;
    const bus = rows.find((row) => row.id === 'shape:bus')!;
    expect(heat.votes).toBe(6);
    expect(bus.votes).toBe(0);
    expect(heat.rounds).toEqual([
      { roundId: '1', label: 'Ronde 1', votes: 2, weighted: null },
      { roundId: '2', label: 'Gewogen', votes: 6, weighted: 1.5 },
    ]);
    expect(bus.rounds.map((r) => r.votes)).toEqual([4, 0]);
  });

  it('falls back to the legacy per-card votes on a board without a revealed round', () => {
    const rows = opportunityRegister(board([stillOpen]));
    expect(rows.find((row) => row.id === 'shape:heat')?.votes).toBe(4);
    expect(rows[0]?.rounds).toEqual([]);
  });

  it('exports a column per revealed round (and its weighted score) to CSV and Markdown', () => {
    const csv = registerToCsv(opportunityRegister(board([first, weighted])), 'nl');
    const [header, busLine, heatLine] = csv.slice(1).split('\r\n');
    // The round columns come after the fixed ones (the plans' two columns last among those).
    expect(header?.endsWith(';Stemmen;Plannen;Koppelmomenten van de plannen;Ronde 1 — stemmen;Gewogen — stemmen;Gewogen — gewogen')).toBe(true);
    expect(busLine?.endsWith(';0;;;4;0;0,00')).toBe(true);
    expect(heatLine?.endsWith(';6;;;2;6;1,50')).toBe(true);
    expect(registerToCsv(opportunityRegister(board([first])), 'en').split('\r\n')[0]?.endsWith(';Votes;Plans;Coupling moments of the plans;Ronde 1 — votes')).toBe(true);
    expect(registerToMarkdown(opportunityRegister(board([first, weighted])), 'nl').split('\n')[0]).toContain('| Gewogen — gewogen |');
  });
});

describe('voting rounds in the session report', () => {
  const input = (includeNames: boolean) => ({
    board: { title: 'Wijk', municipality: null, neighbourhood: null },
    snapshot: { label: 'Sessie', createdAt: new Date('2026-03-01T12:00:00Z') },
    participants: [],
    includeNames,
    previous: null,
    invalidRecords: 0,
  });
  const section = (blocks: ReturnType<typeof sessionReport>['blocks']) => {
    const start = blocks.findIndex((block) => block.kind === 'heading' && (block.text === 'Stemrondes' || block.text === 'Voting rounds'));
    const end = blocks.findIndex((block, index) => index > start && block.kind === 'heading' && block.level === 2);
    return blocks.slice(start, end);
  };

  it('lists each revealed round with its settings and results; voters by name only when names are included', () => {
    const named = section(sessionReport(board([first, weighted, stillOpen]), input(true), 'nl').blocks);
    expect(named.filter((block) => block.kind === 'heading').map((block) => (block as { text: string }).text)).toEqual([
      'Stemrondes',
      expect.stringMatching(/^Ronde 1 \(onthuld 1 maart 2026/),
      expect.stringMatching(/^Gewogen \(onthuld 1 maart 2026/),
    ]);
    expect(named).toContainEqual({ kind: 'paragraph', text: '3 stemmen per deelnemer · gewogen per domein (elk domein telt als één deelnemer) · anoniem · 2 deelnemers stemden' });
    expect(named).toContainEqual({ kind: 'list', items: ['Buurtbus: 4 stemmen (Anne 3, Bram 1)', 'Warmtenet: 2 stemmen (Bram 2)'] });
    expect(named).toContainEqual({ kind: 'list', items: ['Warmtenet: 6 stemmen, gewogen 1,5'] });

    const unnamed = section(sessionReport(board([first]), input(false), 'en').blocks);
    expect(unnamed).toContainEqual({ kind: 'list', items: ['Buurtbus: 4 votes (Housing 3, — 1)', 'Warmtenet: 2 votes (— 2)'] });
  });

  it('says so when no round was revealed', () => {
    expect(section(sessionReport(board([stillOpen]), input(true), 'en').blocks)).toEqual([
      { kind: 'heading', level: 2, text: 'Voting rounds' },
      { kind: 'paragraph', text: 'No voting round was revealed.' },
    ]);
  });
});
