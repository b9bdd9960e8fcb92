import { describe, expect, it } from 'vitest';
import { classifyOpportunity } from '../src/classify.ts';
import { quadrantClassLabels } from '../src/labels.ts';
import { arrowLinks } from '../src/links.ts';
import { opportunityRegister, registerReport, registerToCsv, registerToMarkdown, sortRegister, type RegisterRow } from '../src/register.ts';
import type { OpportunityShape } from '../src/shapes/opportunity.ts';
import { arrow, binding, domain, opportunity, organisation, shape, type Rec } from './records.ts';

/** A small board: a quadrant with two opportunities in it, one parked opportunity outside it, domains and an organisation. */
function board(): Rec[] {
  return [
    { id: 'page:page', typeName: 'page', name: 'Wijk', index: 'a1', meta: {} },
    shape('matrix', 'quadrant', { w: 800, h: 600, title: 'Baten/risico' }),
    // centre (160, 90): low risk (0.2), high benefit (0.85)
    opportunity(
      'heat',
      {
        title: 'Warmtenet bij rioolvervanging',
        description: 'Leg het warmtenet in dezelfde sleuf.',
        benefits: ['Eén keer de straat open', 'Lagere kosten'],
        risks: [{ risk: 'Planning loopt uiteen', mitigation: 'Gezamenlijke regie' }, { risk: 'Draagvlak', mitigation: '' }],
        timing: 'two-years',
        housingCost: 'lower',
        tracks: ['A', 'B'],
        status: 'agreed',
        owner: 'Team Riolering',
        nextAction: 'Planning naast elkaar leggen',
        voters: ['p1', 'p2', 'p3'],
      },
      { parentId: 'shape:matrix', x: 60, y: 40 },
    ),
    // centre (700, 90): high risk, high benefit
    opportunity('bus', { title: 'Buurtbus', status: 'explored', timing: 'now' }, { parentId: 'shape:matrix', x: 600, y: 40 }),
    opportunity('solar', {
      title: 'Zonnepanelen op de gymzaal',
      status: 'parked',
      parkedReason: 'Dak draagt het niet',
      timing: 'year',
      timingYear: 2028,
      voters: ['p1'],
    }),
    domain('sewer', 'sewerage-water'),
    domain('housing', 'housing'),
    domain('energy', 'energy-transition'),
    domain('custom', 'Buurtbus Apeldoorn'),
    organisation('corp', 'Woonstichting De Kernen', 'housing-corporation'),
    // opportunity → domain, domain → opportunity (the other direction), opportunity → organisation
    ...arrow('a1', 'heat', 'sewer'),
    ...arrow('a2', 'housing', 'heat'),
    ...arrow('a3', 'heat', 'corp'),
    // a second arrow to the same domain counts once
    ...arrow('a4', 'sewer', 'heat'),
    // bound at its start only: no link to the energy domain
    shape('a5', 'arrow', {}),
    binding('a5', 'heat', 'start'),
    // bound to a shape that is not on the board
    ...arrow('a6', 'heat', 'gone'),
    // the custom domain is linked to the bus
    ...arrow('a7', 'bus', 'custom'),
  ];
}

const row = (rows: RegisterRow[], id: string) => {
  const found = rows.find((r) => r.id === `shape:${id}`);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe('arrowLinks', () => {
  it('links the shapes at both ends of an arrow, in both directions', () => {
    const links = arrowLinks(board());
    expect([...(links.get('shape:heat') ?? [])].sort()).toEqual(['shape:corp', 'shape:housing', 'shape:sewer']);
    expect([...(links.get('shape:sewer') ?? [])]).toEqual(['shape:heat']);
    expect([...(links.get('shape:housing') ?? [])]).toEqual(['shape:heat']);
  });

  it('ignores arrows bound at one end, self-links, missing shapes and bindings of missing arrows', () => {
    const links = arrowLinks([
      domain('d', 'care'),
      domain('e', 'youth'),
      shape('half', 'arrow', {}),
      binding('half', 'd', 'end'),
      ...arrow('self', 'd', 'd'),
      ...arrow('lost', 'd', 'nowhere'),
      binding('no-arrow', 'd', 'start'),
      binding('no-arrow', 'e', 'end'),
    ]);
    expect(links.size).toBe(0);
    expect(arrowLinks(board()).has('shape:energy')).toBe(false);
  });
});

describe('opportunityRegister', () => {
  it('lists one row per opportunity, ordered by title', () => {
    const rows = opportunityRegister(board());
    expect(rows.map((r) => r.title)).toEqual(['Buurtbus', 'Warmtenet bij rioolvervanging', 'Zonnepanelen op de gymzaal']);
    expect(opportunityRegister(board().reverse()).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('gives the domains and organisations linked by arrows in either direction, once each', () => {
    const heat = row(opportunityRegister(board()), 'heat');
    expect(heat.domains).toEqual([
      { id: 'shape:sewer', domain: 'sewerage-water', label: 'Riolering & water' },
      { id: 'shape:housing', domain: 'housing', label: 'Wonen' },
    ]);
    expect(heat.organisations).toEqual([
      { id: 'shape:corp', name: 'Woonstichting De Kernen', kind: 'housing-corporation', kindLabel: 'Woningcorporatie' },
    ]);
    // the custom domain is labelled with its own name
    expect(row(opportunityRegister(board()), 'bus').domains.map((d) => d.label)).toEqual(['Buurtbus Apeldoorn']);
    expect(row(opportunityRegister(board()), 'solar').domains).toEqual([]);
  });

  it('carries the opportunity’s content, timing, status and votes', () => {
    const heat = row(opportunityRegister(board()), 'heat');
    expect(heat).toMatchObject({
      title: 'Warmtenet bij rioolvervanging',
      description: 'Leg het warmtenet in dezelfde sleuf.',
      benefits: ['Eén keer de straat open', 'Lagere kosten'],
      risks: [{ risk: 'Planning loopt uiteen', mitigation: 'Gezamenlijke regie' }, { risk: 'Draagvlak', mitigation: '' }],
      timing: 'two-years',
      timingLabel: 'Over ~2 jaar',
      housingCost: 'lower',
      tracks: ['A', 'B'],
      status: 'agreed',
      statusLabel: 'Afgesproken',
      parkedReason: '',
      owner: 'Team Riolering',
      nextAction: 'Planning naast elkaar leggen',
      votes: 3,
    });
  });

  it('shows a parked opportunity with its reason, and drops a stale reason when not parked', () => {
    const solar = row(opportunityRegister(board()), 'solar');
    expect(solar).toMatchObject({ status: 'parked', statusLabel: 'Geparkeerd', parkedReason: 'Dak draagt het niet', timingLabel: '2028', votes: 1 });
    const stale = opportunityRegister([opportunity('x', { title: 'x', status: 'idea', parkedReason: 'oud' })]);
    expect(stale[0]?.parkedReason).toBe('');
  });

  it('classifies opportunities inside a quadrant and leaves the others unclassified', () => {
    const records = board();
    const rows = opportunityRegister(records);
    const heat = row(rows, 'heat');
    expect(heat.quadrant?.quadrantClass).toBe('win-win');
    expect(heat.quadrant?.label).toBe(quadrantClassLabels['win-win'].nl);
    expect(heat.quadrant?.benefit).toBeCloseTo(0.85);
    expect(heat.quadrant?.risk).toBeCloseTo(0.2);
    const byId = new Map(records.map((r) => [r.id, r]));
    const heatRecord = records.find((r) => r.id === 'shape:heat') as unknown as OpportunityShape;
    expect(heat.quadrant).toEqual({ ...classifyOpportunity(heatRecord, byId), label: quadrantClassLabels['win-win'].nl });
    expect(row(rows, 'bus').quadrant?.quadrantClass).toBe('conditional');
    expect(row(rows, 'solar').quadrant).toBeNull();
  });

  it('labels in English on request', () => {
    const rows = opportunityRegister(board(), { locale: 'en' });
    const heat = row(rows, 'heat');
    expect(heat.domains.map((d) => d.label)).toEqual(['Housing', 'Sewerage & water']);
    expect(heat.organisations[0]?.kindLabel).toBe('Housing corporation');
    expect(heat.quadrant?.label).toBe(quadrantClassLabels['win-win'].en);
    expect(heat.timingLabel).toBe('In ~2 years');
    expect(row(rows, 'solar').statusLabel).toBe('Parked');
  });
});

/** A small RFC 4180 reader (`;`-separated), to check the CSV field by field. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ';') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

describe('registerToCsv', () => {
  const header = 'Titel;Omschrijving;Domeinen;Organisaties;Kwadrant;Baten (score);Risico (score);Baten;Risico’s;Koppelmoment;Effect op woonlasten;Wijkkompas-sporen;Status;Reden om te parkeren;Trekker;Volgende stap;Stemmen;Plannen;Koppelmomenten van de plannen';

  it('starts with a BOM and a Dutch header, separates with ; and ends lines with CRLF', () => {
    const csv = registerToCsv(opportunityRegister(board()), 'nl');
    expect(csv.startsWith('\uFEFF' + header + '\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv.slice(1));
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.length === 19)).toBe(true);
    expect(records[2]).toEqual([
      'Warmtenet bij rioolvervanging',
      'Leg het warmtenet in dezelfde sleuf.',
      'Riolering & water | Wonen',
      'Woonstichting De Kernen (Woningcorporatie)',
      'Win-win — koppelen',
      '0,85',
      '0,20',
      'Eén keer de straat open | Lagere kosten',
      'Planning loopt uiteen (beheersing: Gezamenlijke regie) | Draagvlak',
      'Over ~2 jaar',
      'Lager (−)',
      'A | B',
      'Afgesproken',
      '',
      'Team Riolering',
      'Planning naast elkaar leggen',
      '3',
      '',
      '',
    ]);
    expect(records[3]?.slice(12, 14)).toEqual(['Geparkeerd', 'Dak draagt het niet']);
  });

  it('writes an English header for the English locale', () => {
    const csv = registerToCsv(opportunityRegister(board()), 'en');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFTitle;Description;Domains;Organisations;Quadrant;Benefit (score);Risk (score);Benefits;Risks;Coupling moment;Effect on housing costs;Wijkkompas tracks;Status;Reason for parking;Owner;Next step;Votes;Plans;Coupling moments of the plans');
    expect(parseCsv(csv.slice(1))[2]?.slice(2, 6)).toEqual(['Housing | Sewerage & water', 'Woonstichting De Kernen (Housing corporation)', 'Win-win — couple', '0.85']);
  });

  it('quotes fields with ; quotes or line breaks, doubling the quotes, and keeps Dutch characters', () => {
    const rows = opportunityRegister([
      opportunity('q', {
        title: 'Warmte; water',
        description: 'Zei "doen"\r\nen toen\nklaar',
        benefits: ['Café € 5 per maand', 'geëmancipeerd'],
        owner: 'Plain',
        nextAction: 'Stap 1\nStap 2\rStap 3',
      }),
    ]);
    const csv = registerToCsv(rows, 'nl');
    const line = csv.slice(csv.indexOf('\r\n') + 2);
    expect(line.startsWith('"Warmte; water";"Zei ""doen""\r\nen toen\nklaar";')).toBe(true);
    expect(line).toContain(';Café € 5 per maand | geëmancipeerd;');
    expect(line).toContain(';Plain;"Stap 1\nStap 2\rStap 3";0;;\r\n');
    const fields = parseCsv(csv.slice(1))[1];
    expect(fields?.[0]).toBe('Warmte; water');
    expect(fields?.[1]).toBe('Zei "doen"\r\nen toen\nklaar');
    expect(fields?.[15]).toBe('Stap 1\nStap 2\rStap 3');
    expect(fields?.[7]).toBe('Café € 5 per maand | geëmancipeerd');
    // written as UTF-8: the BOM's bytes first, é, ë and € as their own UTF-8 sequences
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toContain('Café € 5 per maand | geëmancipeerd');
  });

  it('puts a quote before fields a spreadsheet would run as a formula', () => {
    const rows = opportunityRegister([
      opportunity('f', {
        title: '=HYPERLINK("http://x","klik")',
        description: '+31 6 1234',
        benefits: ['-5% kosten', 'meer groen'],
        owner: '@gemeente',
        nextAction: 'Bel 1+1=2',
      }),
    ]);
    const fields = parseCsv(registerToCsv(rows, 'nl').slice(1))[1];
    expect(fields?.[0]).toBe(`'=HYPERLINK("http://x","klik")`);
    expect(fields?.[1]).toBe(`'+31 6 1234`);
    expect(fields?.[7]).toBe(`'-5% kosten | meer groen`);
    expect(fields?.[14]).toBe(`'@gemeente`);
    expect(fields?.[15]).toBe('Bel 1+1=2');
    expect(registerToCsv(rows, 'nl')).toContain(`\r\n"'=HYPERLINK(""http://x"",""klik"")";'+31 6 1234;`);
  });

  it('writes only the header for an empty register', () => {
    expect(registerToCsv([], 'nl')).toBe('\uFEFF' + header + '\r\n');
  });
});

describe('registerToMarkdown', () => {
  it('writes a table with a header and one line per opportunity', () => {
    const md = registerToMarkdown(opportunityRegister(board()), 'nl');
    const lines = md.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]?.startsWith('| Titel | Omschrijving | Domeinen |')).toBe(true);
    expect(lines[1]).toBe('|' + Array(19).fill(' --- ').join('|') + '|');
    expect(lines[3]).toContain('| Warmtenet bij rioolvervanging | Leg het warmtenet in dezelfde sleuf. | Riolering & water \\| Wonen |');
    expect(registerToMarkdown([], 'en').split('\n')[0]?.startsWith('| Title | Description |')).toBe(true);
  });

  it('escapes pipes, backslashes, HTML and line breaks inside cells', () => {
    const md = registerToMarkdown(opportunityRegister([opportunity('m', { title: 'A|B', description: 'regel 1\nregel 2\r\nregel 3 <b>x</b> c:\\pad' })]), 'nl');
    const line = md.trimEnd().split('\n')[2] ?? '';
    expect(line.startsWith('| A\\|B | regel 1<br>regel 2<br>regel 3 &lt;b>x&lt;/b> c:\\\\pad |')).toBe(true);
    // every unescaped pipe is a cell border: 19 columns → 20 borders
    expect(line.replaceAll('\\\\', '').replaceAll('\\|', '').split('|')).toHaveLength(21);
    expect(md.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('sortRegister', () => {
  const titles = (rows: RegisterRow[]) => rows.map((r) => r.title);
  const rows = opportunityRegister([...board(), opportunity('park', { title: 'Parkeerdak' }, { parentId: 'shape:matrix', x: 600, y: 500 }), opportunity('take', { title: 'Afvalpunt' }, { parentId: 'shape:matrix', x: 20, y: 500 })]);

  it('sorts by quadrant in the method’s order, win-win first and cards outside the quadrant last; the other way round reversed', () => {
    expect(titles(sortRegister(rows, 'quadrant', 'ascending', 'nl'))).toEqual(['Warmtenet bij rioolvervanging', 'Buurtbus', 'Afvalpunt', 'Parkeerdak', 'Zonnepanelen op de gymzaal']);
    expect(titles(sortRegister(rows, 'quadrant', 'descending', 'nl'))).toEqual(['Zonnepanelen op de gymzaal', 'Parkeerdak', 'Afvalpunt', 'Buurtbus', 'Warmtenet bij rioolvervanging']);
  });

  it('sorts by status in the status’s own order, by votes and by title, either way', () => {
    expect(titles(sortRegister(rows, 'status', 'ascending', 'nl'))).toEqual(['Afvalpunt', 'Parkeerdak', 'Buurtbus', 'Warmtenet bij rioolvervanging', 'Zonnepanelen op de gymzaal']);
    expect(titles(sortRegister(rows, 'votes', 'descending', 'nl')).slice(0, 2)).toEqual(['Warmtenet bij rioolvervanging', 'Zonnepanelen op de gymzaal']);
    expect(titles(sortRegister(rows, 'title', 'descending', 'nl'))).toEqual(['Zonnepanelen op de gymzaal', 'Warmtenet bij rioolvervanging', 'Parkeerdak', 'Buurtbus', 'Afvalpunt']);
  });
});

describe('registerReport', () => {
  it('is a short report: title, municipality, neighbourhood, date, coverage, then the table', () => {
    const records = [...board(), domain('welfare', 'welfare', 'consulted', '2026-11-02')];
    const md = registerReport(records, { title: 'Wijk *Zuidwest*', municipality: 'Apeldoorn', neighbourhood: 'Zuidwest', date: '2026-12-01' }, 'nl');
    const lines = md.split('\n');
    expect(lines.slice(0, 5)).toEqual(['# Wijk \\*Zuidwest\\*', '', '- Gemeente: Apeldoorn', '- Wijk: Zuidwest', '- Datum: 1 december 2026']);
    expect(md).toContain('## Dekking');
    expect(md).toMatch(/- Op het bord: .*Welzijn & wijkteams \(geraadpleegd 2-11-2026\).*Woonstichting De Kernen \(Woningcorporatie\) \(nog niet benaderd\)/);
    expect(md).toMatch(/- Nog niet aan tafel: Zorg & ondersteuning \(Wmo\), Jeugd, /);
    expect(md).toContain('## Register van koppelkansen (3)');
    expect(md.endsWith(registerToMarkdown(opportunityRegister(records), 'nl'))).toBe(true);
  });

  it('leaves out what the board does not have, and speaks English in English', () => {
    const md = registerReport([], { title: 'Board', municipality: '', neighbourhood: ' ', date: '2026-12-01' }, 'en');
    expect(md.split('\n').slice(0, 4)).toEqual(['# Board', '', '- Date: 1 December 2026', '']);
    expect(md).toContain('- On the board: none');
    expect(md).toContain('## Register of opportunities (0)');
  });
});
