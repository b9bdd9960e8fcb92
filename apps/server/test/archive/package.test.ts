import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import { buildArchivePackage, verifyArchivePackage, type BuiltPackage } from '../../src/archive/index.ts';
import { archiveInput, settings } from './fixture.ts';
import { listFiles, run, unzipToTemp } from './tools.ts';

const schema = fileURLToPath(new URL('./mdto-structure.xsd', import.meta.url));
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Evaluates XPath expressions on one file with xmllint, in one run. */
function xpathCounts(file: string, expressions: Record<string, string>): Record<string, number> {
  const keys = Object.keys(expressions);
  const out = run('xmllint', ['--xpath', `concat(${keys.map((key) => `count(${expressions[key]})`).join(",',',")})`, file]).trim();
  const values = out.split(',').map(Number);
  return Object.fromEntries(keys.map((key, index) => [key, values[index]!]));
}

const m = (name: string) => `*[local-name()='${name}' and namespace-uri()='https://www.nationaalarchief.nl/mdto']`;
const io = (path: string) => `/${m('MDTO')}/${m('informatieobject')}/${path}`;
const bestand = (path: string) => `/${m('MDTO')}/${m('bestand')}/${path}`;

describe('the archive package', () => {
  let built: BuiltPackage;
  let bag: string;

  beforeAll(async () => {
    built = await buildArchivePackage(archiveInput());
    const out = unzipToTemp(built.zip);
    bag = join(out, built.name);
  }, 60_000);

  it('is one ZIP holding one bag named as the package, ASCII without spaces', () => {
    expect(built.name).toBe('koppelbord_gm0363_b_test_20261128T153012Z');
    const entries = Object.keys(unzipSync(built.zip));
    expect(new Set(entries.map((path) => path.split('/')[0]))).toEqual(new Set([built.name]));
    for (const path of entries) expect(path).toMatch(/^[A-Za-z0-9._/-]+$/);
    expect(built.sha256).toBe(sha256(built.zip));
    expect(built.bytes).toBe(built.zip.byteLength);
  });

  it('passes sha256sum -c on both manifests inside the bag', () => {
    expect(() => run('sha256sum', ['--strict', '-c', 'manifest-sha256.txt'], bag)).not.toThrow();
    expect(() => run('sha256sum', ['--strict', '-c', 'tagmanifest-sha256.txt'], bag)).not.toThrow();
    const tagged = readFileSync(join(bag, 'tagmanifest-sha256.txt'), 'utf8');
    for (const tag of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'pakbon.xml']) expect(tagged).toMatch(new RegExp(`^[0-9a-f]{64}  ${tag.replace('.', '\\.')}$`, 'm'));
    expect(tagged).not.toContain('data/');
  });

  it('lists every file under data/ in the manifest, and nothing else', () => {
    const payload = listFiles(bag).filter((path) => path.startsWith('data/')).sort();
    const manifest = readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8');
    const listed = manifest.trimEnd().split('\n').map((line) => {
      expect(line).toMatch(/^[0-9a-f]{64} {2}data\/\S+$/);
      return line.slice(66);
    });
    expect(listed).toEqual(payload);
    expect(listFiles(bag).filter((path) => !path.startsWith('data/')).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'pakbon.xml', 'tagmanifest-sha256.txt']);
    expect(built.files.map((file) => file.path).sort()).toEqual(listFiles(bag).sort());
  });

  it('follows RFC 8493: bagit.txt exactly, Payload-Oxum and the reserved bag-info labels', () => {
    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const payload = listFiles(bag).filter((path) => path.startsWith('data/'));
    const octets = payload.reduce((sum, path) => sum + statSync(join(bag, path)).size, 0);
    const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    expect(info).toContain(`Payload-Oxum: ${octets}.${payload.length}\n`);
    expect(info).toContain('External-Identifier: snap_0001\n');
    expect(info).toContain('Source-Organization: Amsterdam\n');
    expect(info).toContain('Bagging-Date: 2026-11-28\n');
    expect(info).toContain('Contact-Email: archief@example.nl\n');
    expect(info).toMatch(/^External-Description: .+Sessie 2/m);
  });

  it('holds the MDTO tree: a dossier with three archiefstukken and their files', () => {
    const dossier = 'data/koppelkansen_wijk-de-esch_b_test';
    const files = listFiles(bag).filter((path) => path.startsWith('data/'));
    const content = files.filter((path) => !path.endsWith('.MDTO.xml')).map((path) => path.slice(dossier.length + 1)).sort();
    expect(content).toEqual([
      'bord_20261128T153012Z/bord_20261128T153012Z.tldr',
      'bord_20261128T153012Z/bord_20261128T153012Z_pagina-1.png',
      'bord_20261128T153012Z/bord_20261128T153012Z_pagina-1.svg',
      'koppelkansenregister_20261128T153012Z/koppelkansenregister_20261128T153012Z.csv',
      'koppelkansenregister_20261128T153012Z/koppelkansenregister_20261128T153012Z.json',
      'koppelkansenregister_20261128T153012Z/koppelkansenregister_20261128T153012Z_dekking.json',
      'sessieverslag_20261128T153012Z/sessieverslag_20261128T153012Z.html',
      'sessieverslag_20261128T153012Z/sessieverslag_20261128T153012Z.pdf',
    ]);
    // One sidecar per file, next to it; one per information object, inside its folder.
    for (const file of content) expect(files).toContain(`${dossier}/${file}.bestand.MDTO.xml`);
    expect(files).toContain(`${dossier}/koppelkansen_wijk-de-esch_b_test.MDTO.xml`);
    for (const dir of ['bord', 'koppelkansenregister', 'sessieverslag']) expect(files).toContain(`${dossier}/${dir}_20261128T153012Z/${dir}_20261128T153012Z.MDTO.xml`);
    expect(files.length).toBe(content.length * 2 + 4);
  });

  it('gives every file the checksum and size it has in its .bestand.MDTO.xml and in the manifest', () => {
    const manifest = new Map(
      readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8').trimEnd().split('\n').map((line) => [line.slice(66), line.slice(0, 64)] as const),
    );
    const sidecars = listFiles(bag).filter((path) => path.endsWith('.bestand.MDTO.xml'));
    expect(sidecars.length).toBe(8);
    for (const sidecar of sidecars) {
      const file = sidecar.slice(0, -'.bestand.MDTO.xml'.length);
      const data = readFileSync(join(bag, file));
      const xml = join(bag, sidecar);
      const value = (path: string) => run('xmllint', ['--xpath', `string(${bestand(path)})`, xml]).trim();
      expect(value(`${m('checksum')}/${m('checksumWaarde')}`)).toBe(sha256(data));
      expect(value(`${m('checksum')}/${m('checksumWaarde')}`)).toBe(manifest.get(file));
      expect(Number(value(m('omvang')))).toBe(data.byteLength);
      expect(value(m('naam'))).toBe(file.split('/').pop());
      expect(value(`${m('checksum')}/${m('checksumDatum')}`)).toBe('2026-11-28T15:30:12Z');
      expect(value(`${m('checksum')}/${m('checksumAlgoritme')}/${m('begripLabel')}`)).toBe('SHA-256');
    }
  });

  it('writes well-formed XML that follows the MDTO structure and carries every element the issue lists', () => {
    const xmlFiles = listFiles(bag).filter((path) => path.endsWith('.xml'));
    expect(xmlFiles.length).toBe(13);
    for (const file of xmlFiles) expect(() => run('xmllint', ['--noout', join(bag, file)])).not.toThrow();
    const sidecars = xmlFiles.filter((path) => path.endsWith('.MDTO.xml')).map((path) => join(bag, path));
    expect(() => run('xmllint', ['--noout', '--schema', schema, ...sidecars])).not.toThrow();

    for (const file of sidecars.filter((path) => !path.endsWith('.bestand.MDTO.xml'))) {
      const isDossier = file.endsWith('koppelkansen_wijk-de-esch_b_test.MDTO.xml');
      const counts = xpathCounts(file, {
        identificatie: io(m('identificatie')),
        naam: io(m('naam')),
        aggregatieniveau: io(`${m('aggregatieniveau')}[${m('begripLabel')}='${isDossier ? 'Dossier' : 'Archiefstuk'}']`),
        dekkingInTijd: io(`${m('dekkingInTijd')}/${m('dekkingInTijdBegindatum')}`),
        taal: io(`${m('taal')}[.='nl']`),
        creatie: io(`${m('event')}[${m('eventType')}/${m('begripLabel')}='Creatie']/${m('eventTijd')}`),
        bevriezing: io(`${m('event')}[${m('eventType')}/${m('begripLabel')}='Bevriezing']/${m('eventTijd')}`),
        waardering: io(`${m('waardering')}[${m('begripCode')}='N' and ${m('begripLabel')}='Nader te bepalen']`),
        bewaartermijn: io(`${m('bewaartermijn')}/${m('termijnLooptijd')}[.='P10Y']`),
        informatiecategorie: io(`${m('informatiecategorie')}[${m('begripCode')}='1.1']`),
        archiefvormer: io(`${m('archiefvormer')}[.//${m('identificatieKenmerk')}='gm0363']`),
        betrokkene: io(`${m('betrokkene')}/${m('betrokkeneActor')}[${m('verwijzingNaam')}='Woningcorporatie']`),
        beperkingGebruik: io(`${m('beperkingGebruik')}/${m('beperkingGebruikType')}[${m('begripLabel')}='Nader te bepalen']`),
        isOnderdeelVan: io(m('isOnderdeelVan')),
        bevatOnderdeel: io(m('bevatOnderdeel')),
        heeftRepresentatie: io(m('heeftRepresentatie')),
      });
      expect(counts, file).toMatchObject({
        identificatie: 1, naam: 1, aggregatieniveau: 1, dekkingInTijd: 1, taal: 1, creatie: 1, bevriezing: 1, waardering: 1,
        bewaartermijn: 1, informatiecategorie: 1, archiefvormer: 1, betrokkene: 1, beperkingGebruik: 1,
      });
      if (isDossier) expect(counts).toMatchObject({ isOnderdeelVan: 0, bevatOnderdeel: 3, heeftRepresentatie: 0 });
      else expect(counts.isOnderdeelVan).toBe(1);
      if (!isDossier) expect(counts.heeftRepresentatie).toBeGreaterThanOrEqual(2);
    }
    for (const file of sidecars.filter((path) => path.endsWith('.bestand.MDTO.xml'))) {
      const counts = xpathCounts(file, {
        identificatie: bestand(m('identificatie')),
        bestandsformaat: bestand(`${m('bestandsformaat')}[${m('begripBegrippenlijst')}/${m('verwijzingNaam')}='PRONOM-register']/${m('begripCode')}`),
        isRepresentatieVan: bestand(`${m('isRepresentatieVan')}/${m('verwijzingIdentificatie')}`),
      });
      expect(counts, file).toEqual({ identificatie: 1, bestandsformaat: 1, isRepresentatieVan: 1 });
    }
  });

  it('puts the pakbon next to the zip with its SHA-256, and a copy without it inside the bag', () => {
    const outside = join(bag, '..', 'pakbon-outside.xml');
    writeFileSync(outside, built.pakbon);
    expect(() => run('xmllint', ['--noout', outside])).not.toThrow();
    expect(built.pakbon).toContain(`<sipHash algoritme="SHA-256">${built.sha256}</sipHash>`);
    expect(built.pakbon).toContain(`<sipBestand>${built.name}.zip</sipBestand>`);
    const inside = readFileSync(join(bag, 'pakbon.xml'), 'utf8');
    expect(inside).not.toContain('sipHash');
    expect(inside).toContain('<aantalInformatieobjecten>4</aantalInformatieobjecten>');
    expect(inside).toContain('<aantalBestanden>20</aantalBestanden>');
    expect(inside).toContain('<aantalBestandenZonderMdto>8</aantalBestandenZonderMdto>');
  });

  it('leaves out what the municipality has not chosen instead of inventing it', async () => {
    const plain = await buildArchivePackage(
      archiveInput({ settings: settings({ municipalityCode: null, bewaartermijn: null, informatiecategorie: null, contact: { name: null, email: null } }) }),
      { pdfA: false },
    );
    expect(plain.name).toBe('koppelbord_b_test_20261128T153012Z');
    const files = unzipSync(plain.zip);
    const dossier = new TextDecoder().decode(files[`${plain.name}/data/koppelkansen_wijk-de-esch_b_test/koppelkansen_wijk-de-esch_b_test.MDTO.xml`]!);
    expect(dossier).not.toContain('bewaartermijn');
    expect(dossier).not.toContain('informatiecategorie');
    expect(dossier).not.toContain('TOOI');
    expect(dossier).toMatch(/<archiefvormer>\s*<verwijzingNaam>Amsterdam<\/verwijzingNaam>\s*<\/archiefvormer>/);
    expect(dossier).toContain('<begripCode>N</begripCode>');
    const info = new TextDecoder().decode(files[`${plain.name}/bag-info.txt`]!);
    expect(info).not.toContain('Contact-');
  });

  it('gives every page its own SVG and PNG, all representations of the board', async () => {
    const input = archiveInput();
    const second = { ...input.pages[0]!, pageId: 'page:two', name: 'Pagina 2' };
    const twoPages = await buildArchivePackage({ ...input, pages: [...input.pages, second] }, { pdfA: false });
    const dir = `${twoPages.name}/data/koppelkansen_wijk-de-esch_b_test/bord_20261128T153012Z/`;
    const files = unzipSync(twoPages.zip);
    for (const page of [1, 2]) for (const ext of ['svg', 'png']) expect(files[`${dir}bord_20261128T153012Z_pagina-${page}.${ext}.bestand.MDTO.xml`]).toBeDefined();
    const board = new TextDecoder().decode(files[`${dir}bord_20261128T153012Z.MDTO.xml`]!);
    expect(board.match(/<heeftRepresentatie>/g)?.length).toBe(5);
  });

  it('escapes user text in the XML', async () => {
    const hostile = await buildArchivePackage(
      archiveInput({ board: { ...archiveInput().board, title: 'Bord </naam><x a="1">&amp; \u0001' } }),
      { pdfA: false },
    );
    const out = unzipToTemp(hostile.zip);
    const bagDir = join(out, hostile.name);
    for (const file of listFiles(bagDir).filter((path) => path.endsWith('.xml'))) expect(() => run('xmllint', ['--noout', join(bagDir, file)])).not.toThrow();
    const dossier = join(bagDir, 'data/koppelkansen_wijk-de-esch_b_test/koppelkansen_wijk-de-esch_b_test.MDTO.xml');
    expect(run('xmllint', ['--xpath', `string(${io(m('naam'))})`, dossier]).replace(/\n$/, '')).toBe('Bord </naam><x a="1">&amp; ');
  });
});

describe('determinism', () => {
  it('gives identical bytes when built twice from the same input', async () => {
    const a = await buildArchivePackage(archiveInput());
    const b = await buildArchivePackage(archiveInput());
    expect(b.sha256).toBe(a.sha256);
    expect(Buffer.compare(Buffer.from(a.zip), Buffer.from(b.zip))).toBe(0);
    expect(b.pakbon).toBe(a.pakbon);
  }, 60_000);

  it('does not depend on the server time zone', async () => {
    const here = await buildArchivePackage(archiveInput(), { pdfA: false });
    const previous = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      const there = await buildArchivePackage(archiveInput(), { pdfA: false });
      expect(there.sha256).toBe(here.sha256);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  }, 60_000);
});

describe('verifyArchivePackage', () => {
  let built: BuiltPackage;
  beforeAll(async () => {
    built = await buildArchivePackage(archiveInput(), { pdfA: false });
  }, 60_000);

  const rezip = (change: (entries: Record<string, Uint8Array>) => void) => {
    const entries = unzipSync(built.zip);
    change(entries);
    return zipSync(entries);
  };

  it('finds an untouched package valid, every file ok', () => {
    const result = verifyArchivePackage(built.zip);
    expect(result.valid).toBe(true);
    expect(result.sha256).toBe(built.sha256);
    expect(result.files.length).toBe(built.files.length - 1); // the tag manifest is what checks, not what is checked
    expect(result.files.every((file) => file.result === 'ok')).toBe(true);
  });

  it('reports a changed file as mismatch', () => {
    const csv = `${built.name}/data/koppelkansen_wijk-de-esch_b_test/koppelkansenregister_20261128T153012Z/koppelkansenregister_20261128T153012Z.csv`;
    const tampered = rezip((entries) => {
      const data = entries[csv]!;
      entries[csv] = new Uint8Array([...data.subarray(0, data.length - 1), data[data.length - 1]! ^ 1]);
    });
    const result = verifyArchivePackage(tampered);
    expect(result.valid).toBe(false);
    expect(result.files.find((file) => file.path === csv.slice(built.name.length + 1))?.result).toBe('mismatch');
    expect(result.files.filter((file) => file.result !== 'ok').length).toBe(1);
  });

  it('reports a missing and an unlisted file, and a changed bag-info', () => {
    const png = `data/koppelkansen_wijk-de-esch_b_test/bord_20261128T153012Z/bord_20261128T153012Z_pagina-1.png`;
    const entries = Object.entries(unzipSync(built.zip)).filter(([path]) => path !== `${built.name}/${png}`);
    entries.push([`${built.name}/data/extra.txt`, new TextEncoder().encode('extra')]);
    const result = verifyArchivePackage(zipSync(Object.fromEntries(entries)));
    expect(result.valid).toBe(false);
    expect(result.files).toContainEqual({ path: png, result: 'missing' });
    expect(result.files).toContainEqual({ path: 'data/extra.txt', result: 'unlisted' });
    const info = verifyArchivePackage(rezip((entries) => (entries[`${built.name}/bag-info.txt`] = new TextEncoder().encode('Payload-Oxum: 1.1\n'))));
    expect(info.files).toContainEqual({ path: 'bag-info.txt', result: 'mismatch' });
  });

  it('answers a ZIP it cannot read as not valid instead of throwing', () => {
    expect(verifyArchivePackage(new Uint8Array([1, 2, 3]))).toMatchObject({ valid: false, files: [] });
  });
});

