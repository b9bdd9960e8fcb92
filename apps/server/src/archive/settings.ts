import { z } from 'zod';
import { parseEnv } from '../env.ts';
import type { ArchiveSettings } from './types.ts';

/** xsd:duration, as MDTO's termijnLooptijd takes it: `P10Y`, `P1Y6M`, `P30D`. */
const xsdDuration = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const envSchema = z
  .object({
    ARCHIVE_INSTANCE: optionalText,
    PUBLIC_URL: z.string().optional(),
    ARCHIVE_MUNICIPALITY_CODE: optionalText.pipe(
      z
        .string()
        .regex(/^gm\d{4}$/i, 'must be a TOOI municipality code such as gm0363')
        .transform((code) => code.toLowerCase())
        .optional(),
    ),
    ARCHIVE_WAARDERING: z.enum(['B', 'V', 'N'], { message: 'must be B (blijvend te bewaren), V (tijdelijk te bewaren) or N (nader te bepalen)' }).default('N'),
    ARCHIVE_BEWAARTERMIJN: optionalText.pipe(z.string().regex(xsdDuration, 'must be an xsd:duration such as P10Y').optional()),
    ARCHIVE_INFORMATIECATEGORIE: optionalText,
    ARCHIVE_INFORMATIECATEGORIE_CODE: optionalText,
    ARCHIVE_INFORMATIECATEGORIE_LIJST: optionalText,
    ARCHIVE_BEPERKING_GEBRUIK: optionalText,
    ARCHIVE_CONTACT_NAME: optionalText,
    ARCHIVE_CONTACT_EMAIL: optionalText.pipe(z.email('must be an e-mail address').optional()),
  })
  .refine((env) => !env.ARCHIVE_INFORMATIECATEGORIE || env.ARCHIVE_INFORMATIECATEGORIE_LIJST, {
    message: 'ARCHIVE_INFORMATIECATEGORIE needs ARCHIVE_INFORMATIECATEGORIE_LIJST (the selectielijst it comes from)',
    path: ['ARCHIVE_INFORMATIECATEGORIE_LIJST'],
  })
  .refine((env) => !(env.ARCHIVE_INFORMATIECATEGORIE_CODE || env.ARCHIVE_INFORMATIECATEGORIE_LIJST) || env.ARCHIVE_INFORMATIECATEGORIE, {
    message: 'set ARCHIVE_INFORMATIECATEGORIE (the category’s name) too',
    path: ['ARCHIVE_INFORMATIECATEGORIE'],
  });

/** The installation's name in identifiers: ARCHIVE_INSTANCE, else PUBLIC_URL's host, else `default`. */
function instanceName(instance: string | undefined, publicUrl: string | undefined): string {
  if (instance) return instance;
  if (publicUrl && URL.canParse(publicUrl)) return new URL(publicUrl).host;
  return 'default';
}

/**
 * The archive settings from the environment (the variables are in NOTES-archive.md / the
 * README). What the municipality has not chosen stays unset, or MDTO's "Nader te bepalen";
 * bad values throw a readable error, as configFromEnv does.
 */
export function archiveSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveSettings {
  const e = parseEnv(envSchema, env);
  return {
    instance: instanceName(e.ARCHIVE_INSTANCE, e.PUBLIC_URL),
    municipalityCode: e.ARCHIVE_MUNICIPALITY_CODE ?? null,
    waardering: e.ARCHIVE_WAARDERING,
    bewaartermijn: e.ARCHIVE_BEWAARTERMIJN ?? null,
    informatiecategorie: e.ARCHIVE_INFORMATIECATEGORIE
      ? { label: e.ARCHIVE_INFORMATIECATEGORIE, code: e.ARCHIVE_INFORMATIECATEGORIE_CODE ?? null, list: e.ARCHIVE_INFORMATIECATEGORIE_LIJST! }
      : null,
    beperkingGebruik: e.ARCHIVE_BEPERKING_GEBRUIK ?? 'Nader te bepalen',
    contact: { name: e.ARCHIVE_CONTACT_NAME ?? null, email: e.ARCHIVE_CONTACT_EMAIL ?? null },
  };
}
