/**
 * The pakbon (packing slip) of the MDTO SIP specification. Its form is agreed with the
 * receiving archive; this is our XML with the contents the specification asks for. The copy
 * next to the ZIP carries the ZIP's SHA-256; the copy inside the bag cannot (it is part of
 * what is hashed), so it has everything else.
 */
import { el, elWith, xmlDocument } from './xml.ts';

export const PAKBON_NAMESPACE = 'urn:koppelbord:pakbon:1';

export interface PakbonFacts {
  deliveryId: string;
  name: string;
  description: string;
  /** xsd:dateTime. */
  createdAt: string;
  municipality: string | null;
  municipalityCode: string | null;
  contact: { name: string | null; email: string | null };
  /** Path of the top-level object's sidecar, relative to the bag root. */
  topLevel: string;
  informationObjects: number;
  /** Every file under data/. */
  files: number;
  /** Files under data/ that are not MDTO sidecars, and their total size. */
  contentFiles: number;
  contentBytes: number;
  remarks: string[];
}

export function pakbonXml(facts: PakbonFacts, container: { file: string; sha256: string } | null): string {
  return xmlDocument(
    elWith(
      'pakbon',
      { xmlns: PAKBON_NAMESPACE },
      el('aanleveringId', facts.deliveryId),
      el('naam', facts.name),
      el('omschrijving', facts.description),
      container ? el('sipBestand', container.file) : null,
      container ? elWith('sipHash', { algoritme: 'SHA-256' }, container.sha256) : null,
      el('aangemaakt', facts.createdAt),
      elWith('archiefvormer', facts.municipalityCode ? { code: facts.municipalityCode } : {}, facts.municipality?.trim() || 'Nader te bepalen'),
      facts.contact.name || facts.contact.email ? el('contact', facts.contact.name ? el('naam', facts.contact.name) : null, facts.contact.email ? el('email', facts.contact.email) : null) : null,
      // Given by the receiving archive; not ours to choose.
      el('doelLocatie', 'Nader te bepalen door de archiefdienst'),
      el('bovenliggendeAggregatie', 'Nader te bepalen door de archiefdienst'),
      el('topniveau', facts.topLevel),
      el('aantalInformatieobjecten', facts.informationObjects),
      el('aantalBestanden', facts.files),
      el('aantalBestandenZonderMdto', facts.contentFiles),
      el('omvangBestandenZonderMdto', facts.contentBytes),
      ...facts.remarks.map((remark) => el('bijzonderheid', remark)),
    ),
  );
}
