/**
 * MDTO-XML 1.0.1 sidecars (Nationaal Archief): one `<MDTO>` document per information object
 * (`<naam>.MDTO.xml`, in its folder) and per file (`<bestand>.bestand.MDTO.xml`, next to
 * it). Elements are written in the XSD's sequence order; values the municipality must
 * choose come from ArchiveSettings and default to MDTO's own "Nader te bepalen".
 */
import type { FileFormat } from './formats.ts';
import type { ArchiveSettings } from './types.ts';
import { el, elWith, xmlDocument, type XmlChild, type XmlElement } from './xml.ts';

export const MDTO_NAMESPACE = 'https://www.nationaalarchief.nl/mdto';
const SCHEMA_LOCATION = `${MDTO_NAMESPACE} https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd`;

/** The MDTO term lists (begrippenlijsten) the values below come from. */
const lists = {
  aggregatieniveau: 'Begrippenlijst Aggregatieniveaus MDTO',
  waardering: 'Begrippenlijst Waarderingen MDTO',
  event: 'Begrippenlijst Event Type MDTO',
  beperkingGebruik: 'Begrippenlijst BeperkingGebruikType MDTO',
  checksum: 'Begrippenlijst ChecksumAlgoritme MDTO',
  betrokkene: 'Begrippenlijst Relatietypen MDTO',
  pronom: 'PRONOM-register',
  // Our own, for the one open term MDTO has no list for.
  koppelbord: 'Begrippenlijst Koppelbord',
} as const;

/** The closed list of waarderingen. */
const waarderingLabels: Record<ArchiveSettings['waardering'], string> = {
  B: 'Blijvend te bewaren',
  V: 'Tijdelijk te bewaren',
  N: 'Nader te bepalen',
};

/** Where the archiefvormer's code comes from: the TOOI register of municipalities. */
const TOOI_SOURCE = 'TOOI register gemeenten compleet';

export interface Identification {
  kenmerk: string;
  bron: string;
}

/** A reference (verwijzingGegevens): a name and, when known, an identification. */
export interface Reference {
  name: string;
  id?: Identification;
}

export interface MdtoEvent {
  type: 'Creatie' | 'Bevriezing';
  /** xsd:dateTime. */
  time: string;
  actor?: string;
  result?: string;
}

export interface InformationObject {
  id: Identification;
  name: string;
  level: 'Dossier' | 'Archiefstuk';
  description?: string;
  /** The period the content is about (xsd:date). */
  coverage: { begin: string; end: string };
  /** The neighbourhood, when the board names one. */
  place: string | null;
  language: string;
  events: MdtoEvent[];
  parent: Reference | null;
  parts: Reference[];
  representations: Reference[];
  /** The municipality the board belongs to (by name); null when not known. */
  municipality: string | null;
  /** Organisations involved (on the board); never persons. */
  organisations: string[];
  activity: string;
}

export interface FileObject {
  id: Identification;
  name: string;
  bytes: number;
  format: FileFormat;
  sha256: string;
  /** xsd:dateTime (the freeze moment). */
  checksumDate: string;
  representationOf: Reference;
}

function term(name: string, label: string, list: string, code?: string | null): XmlElement {
  return el(name, el('begripLabel', label), code ? el('begripCode', code) : null, el('begripBegrippenlijst', el('verwijzingNaam', list)));
}

function identification(name: string, id: Identification): XmlElement {
  return el(name, el('identificatieKenmerk', id.kenmerk), el('identificatieBron', id.bron));
}

function reference(name: string, ref: Reference): XmlElement {
  return el(name, el('verwijzingNaam', ref.name), ref.id ? identification('verwijzingIdentificatie', ref.id) : null);
}

function mdto(child: XmlElement): string {
  return xmlDocument(elWith('MDTO', { xmlns: MDTO_NAMESPACE, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': SCHEMA_LOCATION }, child));
}

/** The archiefvormer: the municipality, by TOOI code when configured (otherwise by name only). */
function archiefvormer(object: InformationObject, settings: ArchiveSettings): XmlElement {
  const name = object.municipality?.trim() || 'Nader te bepalen';
  return reference('archiefvormer', { name, ...(settings.municipalityCode ? { id: { kenmerk: settings.municipalityCode, bron: TOOI_SOURCE } } : {}) });
}

export function informationObjectXml(object: InformationObject, settings: ArchiveSettings): string {
  const children: XmlChild[] = [
    identification('identificatie', object.id),
    el('naam', object.name),
    term('aggregatieniveau', object.level, lists.aggregatieniveau),
    object.description ? el('omschrijving', object.description) : null,
    el(
      'dekkingInTijd',
      term('dekkingInTijdType', 'Looptijd van het bord', lists.koppelbord),
      el('dekkingInTijdBegindatum', object.coverage.begin),
      el('dekkingInTijdEinddatum', object.coverage.end),
    ),
    object.place ? reference('dekkingInRuimte', { name: object.place }) : null,
    el('taal', object.language),
    ...object.events.map((event) =>
      el(
        'event',
        term('eventType', event.type, lists.event),
        el('eventTijd', event.time),
        event.actor ? reference('eventVerantwoordelijkeActor', { name: event.actor }) : null,
        event.result ? el('eventResultaat', event.result) : null,
      ),
    ),
    term('waardering', waarderingLabels[settings.waardering], lists.waardering, settings.waardering),
    settings.bewaartermijn ? el('bewaartermijn', el('termijnLooptijd', settings.bewaartermijn)) : null,
    settings.informatiecategorie
      ? term('informatiecategorie', settings.informatiecategorie.label, settings.informatiecategorie.list, settings.informatiecategorie.code)
      : null,
    object.parent ? reference('isOnderdeelVan', object.parent) : null,
    ...object.parts.map((part) => reference('bevatOnderdeel', part)),
    ...object.representations.map((file) => reference('heeftRepresentatie', file)),
    archiefvormer(object, settings),
    ...object.organisations.map((organisation) =>
      el('betrokkene', term('betrokkeneTypeRelatie', 'Belanghebbende', lists.betrokkene), reference('betrokkeneActor', { name: organisation })),
    ),
    reference('activiteit', { name: object.activity }),
    el('beperkingGebruik', term('beperkingGebruikType', settings.beperkingGebruik, lists.beperkingGebruik)),
  ];
  return mdto(el('informatieobject', ...children));
}

export function fileObjectXml(file: FileObject): string {
  return mdto(
    el(
      'bestand',
      identification('identificatie', file.id),
      el('naam', file.name),
      el('omvang', file.bytes),
      term('bestandsformaat', file.format.label, lists.pronom, file.format.code),
      el('checksum', term('checksumAlgoritme', 'SHA-256', lists.checksum), el('checksumWaarde', file.sha256), el('checksumDatum', file.checksumDate)),
      reference('isRepresentatieVan', file.representationOf),
    ),
  );
}
