/**
 * Builds the archive package of one snapshot: a BagIt bag whose data/ is an MDTO tree —
 * the board as a Dossier, with three Archiefstukken: the board (its .tldr and an SVG and PNG
 * per page), the register (CSV, JSON, coverage JSON) and the session report (HTML, PDF) —
 * zipped deterministically, with the pakbon that lies next to the ZIP. Everything derived is
 * made from the snapshot's valid records only.
 */
import {
  boardChanges,
  domainCoverage,
  dutchYearOf,
  opportunityRegister,
  registerToCsv,
  roleLabels,
  sessionReport,
  type TLRecord,
} from '@koppelbord/board-model';
import { BAGIT_TXT, bagInfo, manifest, payloadOxum, TAG_FILES, type BagEntry } from './bagit.ts';
import { formats, type FileFormat } from './formats.ts';
import { sha256Hex } from './hash.ts';
import { fileObjectXml, informationObjectXml, type Identification, type InformationObject, type MdtoEvent, type Reference } from './mdto.ts';
import { assertSipSafe, compactStamp, safeId, slug, xsdDate, xsdDateTime } from './names.ts';
import { pakbonXml, type PakbonFacts } from './pakbon.ts';
import { convertToPdfA2b } from './pdfa.ts';
import { snapshotRecords } from './records.ts';
import { reportHtml } from './report-html.ts';
import { reportPdf } from './report-pdf.ts';
import { tldrFile } from './tldr.ts';
import type { ArchiveInput, BuiltPackage } from './types.ts';
import { deterministicZip } from './zip.ts';

export interface BuildOptions {
  /** Try Ghostscript for a PDF/A-2b (default true); false always gives the plain PDF. */
  pdfA?: boolean;
  /** Longest a Ghostscript run may take. Default 60 s. */
  gsTimeoutMs?: number;
}

/** What the MDTO metadata calls the business activity the boards serve. */
const ACTIVITY = 'Wijkaanpak warmtetransitie: sociale koppelkansen in kaart brengen (Wijkkompas, fase 2)';
const PAKBON = 'pakbon.xml';
const encoder = new TextEncoder();

interface ContentFile {
  /** File name inside its Archiefstuk's folder. */
  name: string;
  data: Uint8Array;
  format: FileFormat;
}

interface ArchivePart {
  /** Folder and sidecar name. */
  dir: string;
  id: Identification;
  title: string;
  description?: string;
  created: Date;
  files: ContentFile[];
}

function actorName(input: ArchiveInput): string {
  const { role, name } = input.snapshot.actor;
  const roleText = role === 'system' ? 'Koppelbord (automatisch)' : roleLabels[role].nl;
  // A person's name only when the owner chose to include names (AVG); otherwise the role.
  return input.snapshot.includeNames && name?.trim() ? `${name.trim()} (${roleText})` : roleText;
}

function json(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
}

export async function buildArchivePackage(input: ArchiveInput, options: BuildOptions = {}): Promise<BuiltPackage> {
  const { board, snapshot, settings } = input;
  const frozenAt = snapshot.createdAt;
  const locale = board.language;
  const stamp = compactStamp(frozenAt);
  const source = `Koppelbord ${settings.instance}`;
  const code = settings.municipalityCode ? slug(settings.municipalityCode, 16) : '';
  const name = ['koppelbord', code, safeId(board.id), stamp].filter(Boolean).join('_');
  const neighbourhood = board.neighbourhood ? slug(board.neighbourhood) : '';
  const dossierDir = ['koppelkansen', neighbourhood && `wijk-${neighbourhood}`, safeId(board.id)].filter(Boolean).join('_');

  // The records every file is made from.
  const current = snapshotRecords(input.state);
  const previous = input.previous ? snapshotRecords(input.previous.state) : null;
  const records: TLRecord[] = current.records;
  const invalidNote =
    current.invalid > 0 ? `${current.invalid} onderdelen van het bord voldeden niet aan het bordschema en zijn uit alle bestanden weggelaten.` : undefined;

  // Register and coverage.
  // Plans' coupling moments and sweet spot as they were in the snapshot's year, not the build's.
  const rows = opportunityRegister(records, { locale, thisYear: dutchYearOf(snapshot.createdAt) });
  const coverage = domainCoverage(records, { locale });
  const context = {
    board: { id: board.id, title: board.title, municipality: board.municipality, neighbourhood: board.neighbourhood, language: locale },
    snapshot: { id: snapshot.id, label: snapshot.label, createdAt: xsdDateTime(frozenAt) },
    invalidRecords: current.invalid,
  };

  // The report, in HTML and PDF.
  const report = sessionReport(
    records,
    {
      board: { title: board.title, municipality: board.municipality, neighbourhood: board.neighbourhood },
      snapshot: { label: snapshot.label, createdAt: frozenAt },
      participants: input.participants,
      includeNames: snapshot.includeNames,
      previous: input.previous && previous ? { label: input.previous.label, createdAt: input.previous.createdAt, changes: boardChanges(previous.records, records, { locale }) } : null,
      invalidRecords: current.invalid,
    },
    locale,
  );
  const plainPdf = await reportPdf(report, input.pages, frozenAt);
  const pdfA = options.pdfA === false ? null : await convertToPdfA2b(plainPdf, frozenAt, options.gsTimeoutMs);
  const pdfKind: BuiltPackage['pdf'] = pdfA?.ok ? 'PDF/A-2b' : 'PDF';
  const pdf = pdfA?.ok ? pdfA.pdf : plainPdf;

  const boardDir = `bord_${stamp}`;
  const registerDir = `koppelkansenregister_${stamp}`;
  const reportDir = `sessieverslag_${stamp}`;
  const parts: ArchivePart[] = [
    {
      dir: boardDir,
      id: { kenmerk: `${snapshot.id}/bord`, bron: source },
      title: `Bord "${board.title}", momentopname "${snapshot.label}"`,
      description: [
        'Het bord zoals het was op het moment van vastleggen: het tldraw-bestand (.tldr, JSON, te openen in tldraw) en per pagina een SVG- en PNG-afbeelding.',
        invalidNote,
      ]
        .filter(Boolean)
        .join(' '),
      created: board.createdAt,
      files: [
        { name: `${boardDir}.tldr`, data: encoder.encode(tldrFile(records, current.schema, input.assets)), format: formats.tldr },
        ...input.pages.flatMap((page, index): ContentFile[] => [
          { name: `${boardDir}_pagina-${index + 1}.svg`, data: encoder.encode(page.svg), format: formats.svg },
          { name: `${boardDir}_pagina-${index + 1}.png`, data: page.png, format: formats.png },
        ]),
      ],
    },
    {
      dir: registerDir,
      id: { kenmerk: `${snapshot.id}/register`, bron: source },
      title: `Koppelkansenregister van bord "${board.title}", momentopname "${snapshot.label}"`,
      description: 'De koppelkansen op het bord als tabel (CSV met ; als scheidingsteken, UTF-8; en JSON), en de dekking van de beleidsdomeinen (JSON).',
      created: board.createdAt,
      files: [
        { name: `${registerDir}.csv`, data: encoder.encode(registerToCsv(rows, locale)), format: formats.csv },
        { name: `${registerDir}.json`, data: json({ ...context, opportunities: rows }), format: formats.json },
        { name: `${registerDir}_dekking.json`, data: json({ ...context, coverage }), format: formats.json },
      ],
    },
    {
      dir: reportDir,
      id: { kenmerk: `${snapshot.id}/verslag`, bron: source },
      title: `Sessieverslag van bord "${board.title}", momentopname "${snapshot.label}"`,
      description: `Het sessieverslag als HTML (op zichzelf staand) en als ${pdfKind === 'PDF/A-2b' ? 'PDF/A-2b' : 'PDF (geen PDF/A: de omzetting met Ghostscript was niet mogelijk)'}.`,
      created: frozenAt,
      files: [
        { name: `${reportDir}.html`, data: encoder.encode(reportHtml(report, input.pages)), format: formats.html },
        { name: `${reportDir}.pdf`, data: pdf, format: pdfKind === 'PDF/A-2b' ? formats.pdfA2b : formats.pdf },
      ],
    },
  ];

  // The MDTO tree.
  const organisations = [...new Set(coverage.present.filter((entry) => entry.kind === 'organisation').map((entry) => entry.label))];
  const dossierId: Identification = { kenmerk: board.id, bron: source };
  const dossierRef: Reference = { name: board.title, id: dossierId };
  const events = (created: Date): MdtoEvent[] => [
    { type: 'Creatie', time: xsdDateTime(created) },
    { type: 'Bevriezing', time: xsdDateTime(frozenAt), actor: actorName(input), result: `Momentopname "${snapshot.label}" (${snapshot.id})` },
  ];
  const common = {
    coverage: { begin: xsdDate(board.createdAt), end: xsdDate(frozenAt) },
    place: board.neighbourhood?.trim() || null,
    language: locale,
    municipality: board.municipality,
    organisations,
    activity: ACTIVITY,
  };
  const payload: BagEntry[] = [];
  const add = (path: string, data: Uint8Array | string) => {
    const full = `data/${path}`;
    assertSipSafe(full);
    payload.push({ path: full, data: typeof data === 'string' ? encoder.encode(data) : data });
  };

  for (const part of parts) {
    const ref: Reference = { name: part.title, id: part.id };
    const fileRefs: Reference[] = [];
    for (const file of part.files) {
      const path = `${dossierDir}/${part.dir}/${file.name}`;
      const id: Identification = { kenmerk: `${snapshot.id}/${part.dir}/${file.name}`, bron: source };
      fileRefs.push({ name: file.name, id });
      add(path, file.data);
      add(
        `${path}.bestand.MDTO.xml`,
        fileObjectXml({ id, name: file.name, bytes: file.data.byteLength, format: file.format, sha256: sha256Hex(file.data), checksumDate: xsdDateTime(frozenAt), representationOf: ref }),
      );
    }
    const object: InformationObject = {
      ...common,
      id: part.id,
      name: part.title,
      level: 'Archiefstuk',
      ...(part.description ? { description: part.description } : {}),
      events: events(part.created),
      parent: dossierRef,
      parts: [],
      representations: fileRefs,
    };
    add(`${dossierDir}/${part.dir}/${part.dir}.MDTO.xml`, informationObjectXml(object, settings));
  }
  const place = [board.neighbourhood && `wijk ${board.neighbourhood}`, board.municipality && `gemeente ${board.municipality}`].filter(Boolean).join(', ');
  const dossier: InformationObject = {
    ...common,
    id: dossierId,
    name: board.title,
    level: 'Dossier',
    description: [`Koppelkansenbord${place ? ` (${place})` : ''}, vastgelegd als momentopname "${snapshot.label}".`, invalidNote].filter(Boolean).join(' '),
    events: events(board.createdAt),
    parent: null,
    parts: parts.map((part) => ({ name: part.title, id: part.id })),
    representations: [],
  };
  const topLevel = `${dossierDir}/${dossierDir}.MDTO.xml`;
  add(topLevel, informationObjectXml(dossier, settings));

  // The bag.
  const contentFiles = payload.filter((entry) => !/\.MDTO\.xml$/i.test(entry.path));
  const facts: PakbonFacts = {
    deliveryId: snapshot.id,
    name,
    description: `Koppelbord-momentopname "${snapshot.label}" van bord "${board.title}"`,
    createdAt: xsdDateTime(frozenAt),
    municipality: board.municipality,
    municipalityCode: settings.municipalityCode,
    contact: settings.contact,
    topLevel: `data/${topLevel}`,
    informationObjects: parts.length + 1,
    files: payload.length,
    contentFiles: contentFiles.length,
    contentBytes: contentFiles.reduce((sum, entry) => sum + entry.data.byteLength, 0),
    remarks: [
      'De .tldr-bestanden zijn JSON in het bestandsformaat van tldraw (tldrawFileFormatVersion 1, mediatype application/vnd.tldraw+json).',
      `Het sessieverslag is als ${pdfKind} opgenomen.`,
      'Het pakket is een BagIt 1.0-zak (RFC 8493); data/ is de MDTO-SIP.',
      ...(invalidNote ? [invalidNote] : []),
    ],
  };
  const tags: BagEntry[] = [
    { path: TAG_FILES.bagit, data: encoder.encode(BAGIT_TXT) },
    {
      path: TAG_FILES.bagInfo,
      data: encoder.encode(
        bagInfo({
          sourceOrganization: board.municipality,
          contactName: settings.contact.name,
          contactEmail: settings.contact.email,
          externalDescription: facts.description,
          externalIdentifier: snapshot.id,
          baggingDate: xsdDate(frozenAt),
          payloadOxum: payloadOxum(payload),
        }),
      ),
    },
    { path: TAG_FILES.manifest, data: encoder.encode(manifest(payload)) },
    { path: PAKBON, data: encoder.encode(pakbonXml(facts, null)) },
  ];
  tags.push({ path: TAG_FILES.tagManifest, data: encoder.encode(manifest(tags)) });

  const all = [...tags, ...payload].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const zip = deterministicZip(all.map((entry) => ({ path: `${name}/${entry.path}`, data: entry.data })), frozenAt);
  const sha256 = sha256Hex(zip);
  return {
    name,
    zip,
    sha256,
    bytes: zip.byteLength,
    pakbon: pakbonXml(facts, { file: `${name}.zip`, sha256 }),
    files: all.map((entry) => ({ path: entry.path, sha256: sha256Hex(entry.data), bytes: entry.data.byteLength })),
    pdf: pdfKind,
    invalidRecords: current.invalid,
  };
}
