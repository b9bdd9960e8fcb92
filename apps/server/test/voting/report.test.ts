/** The archive's HTML report carries the revealed voting rounds the server wrote into the board. */
import { describe, expect, it } from 'vitest';
import { defaultOpportunityProps, sessionReport } from '@koppelbord/board-model';
import { votingMetaKey, type VotingRoundState } from '@koppelbord/contract';
import { reportHtml } from '../../src/archive/report-html.ts';

const round: VotingRoundState = {
  id: 'r1',
  label: 'Eerste ronde',
  votesPerParticipant: 3,
  weighting: 'domain',
  anonymous: false,
  status: 'revealed',
  openedAt: '2026-03-01T10:00:00.000Z',
  closedAt: '2026-03-01T10:30:00.000Z',
  revealedAt: '2026-03-01T10:31:00.000Z',
  voterCount: 2,
  results: [{ opportunityId: 'shape:heat', title: 'Warmtenet', votes: 4, weighted: 1.5, voters: [{ name: 'Anne', speaksFor: 'housing', votes: 4 }] }],
};

describe('the archive report', () => {
  it('has a voting rounds section with each revealed round’s settings and results', () => {
    const records = [
      { id: 'document:document', typeName: 'document', gridSize: 10, name: 'Wijk', meta: { [votingMetaKey]: { rounds: [round] } } },
      { id: 'shape:heat', typeName: 'shape', type: 'opportunity', parentId: 'page:page', x: 0, y: 0, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props: { ...defaultOpportunityProps(), title: 'Warmtenet' }, meta: {} },
    ];
    const report = sessionReport(
      records,
      { board: { title: 'Wijk', municipality: null, neighbourhood: null }, snapshot: { label: 'Sessie', createdAt: new Date('2026-03-01T12:00:00Z') }, participants: [], includeNames: false, previous: null, invalidRecords: 0 },
      'nl',
    );
    const html = reportHtml(report, []);
    expect(html).toMatch(/<h2[^>]*>Stemrondes<\/h2>/);
    expect(html).toContain('Eerste ronde (onthuld 1 maart 2026');
    expect(html).toContain('3 stemmen per deelnemer · gewogen per domein (elk domein telt als één deelnemer) · 2 deelnemers stemden');
    // Names are left out unless the owner includes them: the domain spoken for instead.
    expect(html).toContain('Warmtenet: 4 stemmen, gewogen 1,5 (Wonen 4)');
    expect(html).not.toContain('Anne');
  });
});
